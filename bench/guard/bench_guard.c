/*
 * What the guard costs per list (issue 9): a 100-tool list made of the tool
 * lists of real servers in tests/data/tool-lists/, judged by the guard against
 * a throwaway state database.
 *
 *   first sight   every tool is new: contract hash + poisoning scan + pin write
 *                 (one transaction)
 *   again         the same list once pinned: compared in place with the last one (what
 *                 every later list from a server costs; a changed item is hashed)
 *   scan only     scan_item() of each tool, no pins
 *
 * Also the one-off cost of compiling the scan's patterns. Times are wall clock,
 * the best of ROUNDS runs, printed per list and per tool.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <jansson.h>
#include <sodium.h>

#include "guard/guard.h"
#include "store/store.h"
#include "util/log.h"

#include "../../tests/support/rm_tree.h"

#define TOOLS  100
#define ROUNDS 20

static double
now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e6 + ts.tv_nsec / 1e3;
}

/* 100 tools from the captured lists, renamed apart so that each is its own pin. */
static json_t *
hundred_tools(const char *dir)
{
	json_t *out = json_array();
	DIR *d = opendir(dir);
	struct dirent *e;

	while (d && (e = readdir(d)) != NULL && json_array_size(out) < TOOLS) {
		char path[1024];
		json_t *srv, *t;
		size_t i;
		if (strstr(e->d_name, ".json") == NULL)
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		if ((srv = json_load_file(path, 0, NULL)) == NULL)
			continue;
		json_array_foreach(json_object_get(srv, "tools"), i, t)
			if (json_array_size(out) < TOOLS)
				json_array_append(out, t);
		json_decref(srv);
	}
	if (d)
		closedir(d);
	for (size_t i = 0; i < json_array_size(out); i++) {
		char name[64];
		json_t *copy = json_copy(json_array_get(out, i));
		snprintf(name, sizeof(name), "tool_%zu", i);
		json_object_set_new(copy, "name", json_string(name));
		json_array_set_new(out, i, copy);
	}
	return out;
}

int
main(int argc, char **argv)
{
	const char *data = argc > 1 ? argv[1] : "tests/data/tool-lists";
	char dir[] = "/tmp/gh-bench-guard-XXXXXX", state[64], err[256];
	struct scan_context ctx = { .server = "bench" };
	double t0, compile, best_first = 1e18, best_again = 1e18, best_scan = 1e18;
	json_t *list;

	if (sodium_init() < 0 || mkdtemp(dir) == NULL)
		return 1;
	log_set_level(LOG_ERROR + 1);
	list = hundred_tools(data);
	if (json_array_size(list) < TOOLS) {
		fprintf(stderr, "bench_guard: fewer than %d tools under %s\n", TOOLS, data);
		rm_tree(dir);
		return 1;
	}
	t0 = now_us();
	if (scan_init() != 0) {
		rm_tree(dir);
		return 1;
	}
	compile = now_us() - t0;
	for (int round = 0; round < ROUNDS; round++) {
		struct store *st;
		struct guard *g;
		json_t *v;
		snprintf(state, sizeof(state), "%s/s%d", dir, round);
		if (store_open(state, &st, err, sizeof(err)) != 0) {
			fprintf(stderr, "%s\n", err);
			rm_tree(dir);
			return 1;
		}
		g = guard_new(st, false);
		t0 = now_us();
		v = guard_filter(g, "bench", GUARD_TOOL, list, &ctx);
		if (now_us() - t0 < best_first)
			best_first = now_us() - t0;
		json_decref(v);
		t0 = now_us();
		v = guard_filter(g, "bench", GUARD_TOOL, list, &ctx);
		if (now_us() - t0 < best_again)
			best_again = now_us() - t0;
		json_decref(v);
		guard_free(g);
		store_close(st);
		t0 = now_us();
		for (size_t i = 0; i < json_array_size(list); i++) {
			struct scan_result r;
			scan_item(&ctx, SCAN_TOOL, json_array_get(list, i), &r);
			scan_result_free(&r);
		}
		if (now_us() - t0 < best_scan)
			best_scan = now_us() - t0;
	}
	printf("scan patterns compiled once per process: %.0f ms\n", compile / 1000);
	printf("%-40s %10s %10s\n", "100-tool list", "per list", "per tool");
	printf("%-40s %8.0f us %8.1f us\n", "first sight (hash + scan + pin write)", best_first, best_first / TOOLS);
	printf("%-40s %8.0f us %8.1f us\n", "again (compared with the last list)", best_again, best_again / TOOLS);
	printf("%-40s %8.0f us %8.1f us\n", "scan only", best_scan, best_scan / TOOLS);
	json_decref(list);
	rm_tree(dir);           /* the throwaway state databases */
	return 0;
}
