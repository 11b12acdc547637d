-- Peterson's filter lock for N processes (lifecheck's benchmark anchor; the same model as spec/examples/peterson.ts).
const N: 5;
type pid: 0..N-1; lvl: 0..N-1;
var pc: array[pid] of 0..4;
    cur: array[pid] of lvl;
    level: array[pid] of lvl;
    victim: array[lvl] of pid;
startstate begin
  for i: pid do pc[i] := 0; cur[i] := 0; level[i] := 0; end;
  for l: lvl do victim[l] := 0; end;
end;
ruleset i: pid do
  rule "enter" pc[i] = 0 ==> begin cur[i] := 1; pc[i] := 1; end;
  rule "setlevel" pc[i] = 1 ==> begin level[i] := cur[i]; pc[i] := 2; end;
  rule "setvictim" pc[i] = 2 ==> begin victim[cur[i]] := i; pc[i] := 3; end;
  rule "pass" pc[i] = 3 & !(exists k: pid do k != i & level[k] >= cur[i] endexists & victim[cur[i]] = i) ==>
  begin if cur[i] = N-1 then pc[i] := 4; else cur[i] := cur[i] + 1; pc[i] := 1; endif; end;
  rule "exit" pc[i] = 4 ==> begin level[i] := 0; cur[i] := 0; pc[i] := 0; end;
end;
invariant "mutex" forall i: pid do forall j: pid do (i != j & pc[i] = 4) -> pc[j] != 4 end end;
