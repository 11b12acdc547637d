/*
 * noLostUpdate violated in racy-counter: two read-then-write increments, one update lost
 *
 * 2 threads, 4 steps; a barrier before each step forces the interleaving:
 *   1. thread 0: increment.read
 *   2. thread 1: increment.read
 *   3. thread 0: increment.write
 *   4. thread 1: increment.write
 * Build: cc -O2 -pthread -o repro repro.c    Run: ./repro [attempts]
 */
#define _POSIX_C_SOURCE 200809L
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

static volatile int x;
static volatile int tmp[2];

#define THREADS 2
#define STEPS 4

static pthread_barrier_t barrier;

/** The thread of each step, in the order of the trace. */
static const int step_thread[STEPS] = {0, 1, 0, 1};

static void run_step(int step, int tid) {
  switch (step) {
  case 0: /* increment.read */
    tmp[tid] = x;
    break;
  case 1: /* increment.read */
    tmp[tid] = x;
    break;
  case 2: /* increment.write */
    x = tmp[tid] + 1;
    break;
  case 3: /* increment.write */
    x = tmp[tid] + 1;
    break;
  default:
    break;
  }
  (void)tid;
}

static void *thread_main(void *arg) {
  int tid = (int)(long)arg;
  for (int step = 0; step < STEPS; step++) {
    pthread_barrier_wait(&barrier);
    if (step_thread[step] == tid) run_step(step, tid);
  }
  pthread_barrier_wait(&barrier);
  return NULL;
}

int main(int argc, char **argv) {
  long attempts = argc > 1 ? atol(argv[1]) : 200;
  long hits = 0;
  if (attempts <= 0) attempts = 1;
  for (long attempt = 0; attempt < attempts; attempt++) {
    x = 0;
    pthread_t threads[THREADS];
    if (pthread_barrier_init(&barrier, NULL, THREADS) != 0) { perror("pthread_barrier_init"); return 2; }
    for (long t = 0; t < THREADS; t++) {
      if (pthread_create(&threads[t], NULL, thread_main, (void *)t) != 0) { perror("pthread_create"); return 2; }
    }
    for (int t = 0; t < THREADS; t++) pthread_join(threads[t], NULL);
    pthread_barrier_destroy(&barrier);
    if (x != 2) hits++;
  }
  printf("window hit in %ld of %ld attempts (%.1f%%)\n", hits, attempts, 100.0 * (double)hits / (double)attempts);
  return hits > 0 ? 0 : 1;
}
