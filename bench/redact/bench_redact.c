/*
 * bench/redact/bench_redact.c: redaction throughput (src/secrets/redact.c).
 *
 * Builds 100 MB of mixed input (prose lines, JSON tool results with base64
 * and hex, UUIDs, paths) with one planted secret per ~64 KiB, and redacts it
 * in 64 KiB pieces (a tool result's usual size) with redact_text: the scanner's
 * 18 patterns plus 4 vault literals. Beside it, a memchr pass over the same
 * bytes is the ceiling of any single pass. Prints MB/s per core (one thread).
 *
 *   make build/bench_redact && ./build/bench_redact
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "secrets/redact.h"
#include "secrets/scan.h"

#define TOTAL   (100u * 1024 * 1024)
#define PIECE   (64u * 1024)

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static const char *const lines[] = {
	"The request completed in 42 ms; 17 rows were returned from the orders table.\n",
	"{\"content\":[{\"type\":\"text\",\"text\":\"Found 3 files under /home/user/project/src\"}],\"isError\":false}\n",
	"id 550e8400-e29b-41d4-a716-446655440000 commit 9fceb02d0ae598e95dc970b74767f19372d61af8\n",
	"{\"type\":\"image\",\"mimeType\":\"image/png\",\"data\":\"iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==\"}\n",
	"Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor incididunt.\n",
	"2026-12-01T12:00:00Z level=info msg=\"fetched https://example.com/docs?page=2\" status=200\n",
};
static const char *const secrets[] = {
	"sk-proj-Ab3dEf6hIj9kLm2nOp5qRs8tUv1wXy4z_-Q7", "AKIAIOSFODNN7EXAMPLE", "ghp_16C7e42F292c6912E7710c838347Ae178B4a",
	"xoxb-123456789012-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx", "bench-vault-value-2",
};

int
main(void)
{
	char *buf = malloc(TOTAL);
	size_t o = 0, k = 0, found = 0, hits = 0;
	struct redactor *r = redactor_new();
	double t0, t1, t2;
	volatile size_t sink = 0;

	if (buf == NULL || secrets_init() != 0)
		return 1;
	redactor_add_literal(r, "bench-vault-value-1", "vault");
	redactor_add_literal(r, "bench-vault-value-2", "vault");
	redactor_add_literal(r, "another-vault-secret", "vault");
	redactor_add_literal(r, "and-one-more-secret", "vault");
	while (o < TOTAL) {
		const char *l = (k % 900 == 899) ? secrets[(k / 900) % 5] : lines[k % 6];
		size_t n = strlen(l);
		if (o + n + 1 > TOTAL)
			break;
		memcpy(buf + o, l, n);
		o += n;
		if (k % 900 == 899)
			buf[o++] = '\n';
		k++;
	}
	memset(buf + o, ' ', TOTAL - o);

	t0 = now();
	for (size_t p = 0; p < TOTAL; p += PIECE) {
		const char *c = buf + p;
		while ((c = memchr(c, '\n', (size_t)(buf + p + PIECE - c))) != NULL && c < buf + p + PIECE) {
			hits++;
			c++;
			if (c >= buf + p + PIECE)
				break;
		}
	}
	sink += hits;
	t1 = now();
	for (size_t p = 0; p < TOTAL; p += PIECE) {
		size_t n;
		char *out = redact_text(r, buf + p, PIECE, &n, NULL);
		found += n;
		free(out);
	}
	t2 = now();
	printf("input: %u MiB of text and JSON in %u KiB pieces, %zu secrets redacted\n", TOTAL >> 20, PIECE >> 10, found);
	printf("memchr pass (ceiling)   %8.0f MB/s\n", TOTAL / 1e6 / (t1 - t0));
	printf("redact_text             %8.0f MB/s per core\n", TOTAL / 1e6 / (t2 - t1));
	(void)sink;
	redactor_free(r);
	free(buf);
	return 0;
}
