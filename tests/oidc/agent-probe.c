/* The oidc-agent side of the bench's cached-token figure: COUNT access-token requests for
 * ACCOUNT through liboidc-agent (the agent's own client library: socket connect, key exchange,
 * encrypted request and answer), each timed; prints {"p50_us": .., "p99_us": ..} on stdout.
 *
 *   cc -O2 -o agent-probe agent-probe.c -loidc-agent && OIDC_SOCK=... ./agent-probe ACCOUNT 2000
 */
#include <oidc-agent/api.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static int by_value(const void* a, const void* b) {
  double x = *(const double*)a, y = *(const double*)b;
  return (x > y) - (x < y);
}

static double now_us(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)t.tv_sec * 1e6 + (double)t.tv_nsec / 1e3;
}

int main(int argc, char** argv) {
  if (argc != 3) {
    fprintf(stderr, "usage: agent-probe ACCOUNT COUNT\n");
    return 2;
  }
  long count = strtol(argv[2], NULL, 10);
  if (count < 1) return 2;
  double* samples = calloc((size_t)count, sizeof(double));
  if (samples == NULL) return 1;
  for (long i = 0; i < count; i++) {
    double started = now_us();
    char* token = getAccessToken3(argv[1], 60, NULL, "latchkey-bench", NULL);
    samples[i] = now_us() - started;
    if (token == NULL) {
      oidcagent_perror();
      return 1;
    }
    secFree(token);
  }
  qsort(samples, (size_t)count, sizeof(double), by_value);
  printf("{\"p50_us\": %.1f, \"p99_us\": %.1f}\n", samples[(count - 1) / 2],
         samples[(long)((double)(count - 1) * 0.99)]);
  free(samples);
  return 0;
}
