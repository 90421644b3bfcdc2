// The busy host of bench/profiler.sh: threads that never sleep, walking call chains of varying
// depth (a -> b -> c -> d -> a ..., 3 to 24 frames) that end in arithmetic, in libc (memcpy,
// qsort) or in a system call, so the profiler sees many distinct user stacks and kernel stacks
// under them, as a real service gives it. Built with frame pointers, like the CpuProfileIT program.
// Usage: busy THREADS SECONDS
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <fcntl.h>

static volatile unsigned long sink;
static double until;
static int devnull;

static double now(void) {
  struct timespec t; clock_gettime(CLOCK_MONOTONIC, &t); return t.tv_sec + t.tv_nsec / 1e9;
}
static int by_value(const void *x, const void *y) { return *(const int *) x - *(const int *) y; }

__attribute__((noinline)) static void leaf_math(unsigned n) { for (unsigned i = 0; i < n; i++) sink += i * i; }
__attribute__((noinline)) static void leaf_copy(unsigned n) {
  static __thread char from[65536], to[65536];
  for (unsigned i = 0; i < n / 64; i++) { memcpy(to, from, sizeof to); sink += to[i & 1023]; }
}
__attribute__((noinline)) static void leaf_sort(unsigned n) {
  int v[256];
  for (unsigned r = 0; r < n / 2000; r++) {
    for (int i = 0; i < 256; i++) v[i] = (int) ((i * 2654435761u + r) >> 7);
    qsort(v, 256, sizeof v[0], by_value);
  }
  sink += v[0];
}
__attribute__((noinline)) static void leaf_syscall(unsigned n) {
  char buf[512] = {0};
  for (unsigned i = 0; i < n / 500; i++) sink += write(devnull, buf, sizeof buf);
}

static void step_a(int depth, unsigned work);
__attribute__((noinline)) static void step_d(int depth, unsigned work) {
  if (depth <= 0) leaf_syscall(work); else step_a(depth - 1, work);
}
__attribute__((noinline)) static void step_c(int depth, unsigned work) {
  if (depth <= 0) leaf_sort(work); else step_d(depth - 1, work);
}
__attribute__((noinline)) static void step_b(int depth, unsigned work) {
  if (depth <= 0) leaf_copy(work); else step_c(depth - 1, work);
}
__attribute__((noinline)) static void step_a(int depth, unsigned work) {
  if (depth <= 0) leaf_math(work); else step_b(depth - 1, work);
}

__attribute__((noinline)) static void *worker(void *arg) {
  unsigned round = (unsigned) (long) arg;
  while (now() < until) {
    step_a(3 + (int) (round % 22), 200000);
    round++;
  }
  return NULL;
}

int main(int argc, char **argv) {
  int threads = argc > 1 ? atoi(argv[1]) : 2;
  until = now() + (argc > 2 ? atof(argv[2]) : 60);
  devnull = open("/dev/null", O_WRONLY);
  pthread_t t[64];
  for (int i = 0; i < threads && i < 64; i++) pthread_create(&t[i], NULL, worker, (void *) (long) (i * 7));
  for (int i = 0; i < threads && i < 64; i++) pthread_join(t[i], NULL);
  return 0;
}
