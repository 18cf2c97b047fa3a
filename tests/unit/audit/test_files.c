/*
 * Unit tests for src/audit/audit_files.c against directory trees built for each
 * test: modes of the configuration, state directory, database, tokens, TLS key
 * and logs; transcripts other users can read (one finding per directory);
 * secrets inside transcripts and logs (kind and line, never the secret); and
 * --fix, which changes only gatehouse's own files, records each previous mode
 * first, and leaves transcripts alone.
 */
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "audit/audit.h"
#include "util/util.h"
#include "../../support/rm_tree.h"

#define ANTHROPIC_KEY "sk-ant-api03-Qw3rTy6uIo9pAs2dFg5hJk8lZx1cVb4nM7-_Qw3rTy6uIo9pAs"
#define AWS_KEY       "AKIAIOSFODNN7EXAMPLE"

struct tree {
	char          root[64];
	char          home[128];
	char          state[128];
	char          config[128];
	char          key[128];
	struct config cfg;
	struct audit_opts o;
};

/* path = root/rel; parents made 0755 (the tests set the modes that matter). */
static void
put(const char *root, const char *rel, const char *text, mode_t mode)
{
	char path[4096];
	int fd;

	snprintf(path, sizeof(path), "%s/%s", root, rel);
	for (char *p = path + strlen(root) + 1; (p = strchr(p, '/')) != NULL; p++) {
		*p = '\0';
		if (mkdir(path, 0755) != 0 && errno != EEXIST)
			fail_msg("mkdir %s: %s", path, strerror(errno));
		*p = '/';
	}
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	close(fd);
	assert_int_equal(chmod(path, mode), 0);
}

static void
set_mode(const char *root, const char *rel, mode_t mode)
{
	char path[4096];

	snprintf(path, sizeof(path), "%s/%s", root, rel);
	assert_int_equal(chmod(path, mode), 0);
}

static mode_t
mode_of(const char *path)
{
	struct stat st;

	assert_int_equal(lstat(path, &st), 0);
	return st.st_mode & 07777;
}

/*
 * root (0755, so that other users could reach what is below)
 *   home/           the user's home
 *   state/          gatehouse's state directory
 *   gatehouse.json  the configuration
 *   tls.key         the TLS key
 */
static void
tree_make(struct tree *t, bool with_key)
{
	memset(t, 0, sizeof(*t));
	snprintf(t->root, sizeof(t->root), "/tmp/gh-files-XXXXXX");
	assert_non_null(mkdtemp(t->root));
	assert_int_equal(chmod(t->root, 0755), 0);
	snprintf(t->home, sizeof(t->home), "%s/home", t->root);
	snprintf(t->state, sizeof(t->state), "%s/state", t->root);
	snprintf(t->config, sizeof(t->config), "%s/gatehouse.json", t->root);
	snprintf(t->key, sizeof(t->key), "%s/tls.key", t->root);
	assert_int_equal(mkdir(t->home, 0755), 0);
	assert_int_equal(mkdir(t->state, 0700), 0);
	put(t->root, "gatehouse.json", "{}", 0600);
	t->cfg.state_dir = t->state;
	if (with_key) {
		put(t->root, "tls.key", "-----BEGIN PRIVATE KEY-----\n", 0600);
		t->cfg.tls_key = t->key;
	}
	t->o.home = t->home;
	t->o.cfg = &t->cfg;
	t->o.config_path = t->config;
	t->o.proc_root = "/proc";
}

static void
tree_free(struct tree *t)
{
	rm_tree(t->root);
}

static size_t
count(const struct report *r, const char *id, int severity)
{
	size_t n = 0;

	for (size_t i = 0; i < r->n; i++)
		if (strcmp(r->items[i].id, id) == 0 && (severity < 0 || (int)r->items[i].severity == severity))
			n++;
	return n;
}

static const struct finding *
find(const struct report *r, const char *id, const char *location_suffix)
{
	for (size_t i = 0; i < r->n; i++) {
		size_t n = strlen(r->items[i].location), k = strlen(location_suffix);
		if (strcmp(r->items[i].id, id) == 0 && n >= k &&
		    strcmp(r->items[i].location + n - k, location_suffix) == 0)
			return &r->items[i];
	}
	return NULL;
}

static void
dump(const struct report *r)
{
	for (size_t i = 0; i < r->n; i++)
		print_error("    %s %d %s | %s\n", r->items[i].id, (int)r->items[i].severity, r->items[i].location,
		    r->items[i].evidence);
	for (size_t i = 0; i < r->nfixed; i++)
		print_error("    fixed: %s\n", r->fixed[i]);
	for (size_t i = 0; i < r->nnotes; i++)
		print_error("    note: %s\n", r->notes[i]);
}

static void
assert_no_secret(const struct report *r)
{
	for (size_t i = 0; i < r->n; i++)
		if (strstr(r->items[i].evidence, "Qw3rTy6u") || strstr(r->items[i].evidence, "SFODNN7"))
			fail_msg("evidence carries a secret: %s", r->items[i].evidence);
}

/* A tree with nothing wrong gives nothing. */
static void
test_clean(void **state)
{
	struct tree t;
	struct report r = { 0 };

	(void)state;
	tree_make(&t, true);
	put(t.state, "gatehouse.db", "x", 0600);
	put(t.state, "default.token", "gth_x\n", 0600);
	put(t.home, ".openclaw/agents/main/sessions/s1.jsonl", "{\"role\":\"user\"}\n", 0600);
	audit_files(&t.o, &r);
	if (r.n != 0)
		dump(&r);
	assert_int_equal(r.n, 0);
	assert_int_equal(r.nfixed, 0);
	audit_report_free(&r);
	tree_free(&t);
}

static const struct {
	mode_t      mode;
	int         severity;           /* -1: no finding */
} config_modes[] = {
	{ 0600, -1 }, { 0400, -1 }, { 0640, SEV_INFO }, { 0644, SEV_INFO }, { 0604, SEV_INFO },  /* no inline secret in it */
	{ 0660, SEV_CRITICAL }, { 0666, SEV_CRITICAL }, { 0602, SEV_CRITICAL },
};

static void
test_config_modes(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(config_modes) / sizeof(config_modes[0]); i++) {
		struct tree t;
		struct report r = { 0 };
		tree_make(&t, false);
		assert_int_equal(chmod(t.config, config_modes[i].mode), 0);
		audit_files(&t.o, &r);
		if (config_modes[i].severity < 0) {
			assert_int_equal(r.n, 0);
		} else {
			if (r.n != 1)
				dump(&r);
			assert_int_equal(r.n, 1);
			assert_string_equal(r.items[0].id, "GH-FILE-001");
			assert_int_equal(r.items[0].severity, config_modes[i].severity);
			assert_string_equal(r.items[0].location, t.config);
		}
		audit_report_free(&r);
		tree_free(&t);
	}
}

static void
test_state_dir_and_files(void **state)
{
	struct tree t;
	struct report r = { 0 };
	const struct finding *f;

	(void)state;
	tree_make(&t, true);
	assert_int_equal(chmod(t.state, 0755), 0);
	put(t.state, "gatehouse.db", "x", 0644);
	put(t.state, "gatehouse.db-wal", "x", 0600);
	put(t.state, "default.token", "gth_x\n", 0640);
	put(t.state, "vault.key", "k", 0600);
	put(t.state, "notes.txt", "n", 0644);
	put(t.state, "gatehouse.log", "line one\nkey=" AWS_KEY "\n", 0644);
	assert_int_equal(chmod(t.key, 0644), 0);
	audit_files(&t.o, &r);
	assert_no_secret(&r);

	assert_non_null(f = find(&r, "GH-FILE-002", "/state"));
	assert_int_equal(f->severity, SEV_CRITICAL);
	assert_non_null(strstr(f->evidence, "0755"));
	assert_non_null(f = find(&r, "GH-FILE-003", "/gatehouse.db"));
	assert_int_equal(f->severity, SEV_CRITICAL);
	assert_non_null(f = find(&r, "GH-FILE-003", "/default.token"));
	assert_int_equal(f->severity, SEV_CRITICAL);
	assert_non_null(f = find(&r, "GH-FILE-003", "/notes.txt"));
	assert_int_equal(f->severity, SEV_WARN);
	assert_non_null(f = find(&r, "GH-FILE-003", "/tls.key"));
	assert_int_equal(f->severity, SEV_CRITICAL);
	assert_non_null(f = find(&r, "GH-FILE-004", "/gatehouse.log"));
	assert_int_equal(f->severity, SEV_WARN);
	assert_non_null(f = find(&r, "GH-FILE-006", "/gatehouse.log"));
	assert_int_equal(f->severity, SEV_CRITICAL);
	assert_non_null(strstr(f->evidence, "AWS access key id on line 2"));
	assert_null(find(&r, "GH-FILE-003", "/gatehouse.db-wal"));
	assert_null(find(&r, "GH-FILE-003", "/vault.key"));
	assert_int_equal(r.n, 7);
	assert_int_equal(mode_of(t.state), 0755);              /* no --fix: nothing changed */
	audit_report_free(&r);
	tree_free(&t);
}

/* Files left 0644 in a 0700 state directory cannot be read by others today: warn. */
static void
test_closed_state_dir_lowers_severity(void **state)
{
	struct tree t;
	struct report r = { 0 };
	const struct finding *f;

	(void)state;
	tree_make(&t, false);
	put(t.state, "gatehouse.db", "x", 0644);
	audit_files(&t.o, &r);
	assert_int_equal(r.n, 1);
	assert_non_null(f = find(&r, "GH-FILE-003", "/gatehouse.db"));
	assert_int_equal(f->severity, SEV_WARN);
	audit_report_free(&r);

	/* A state directory 0755 under a 0700 parent: also warn. */
	assert_int_equal(chmod(t.state, 0755), 0);
	assert_int_equal(chmod(t.root, 0700), 0);
	audit_files(&t.o, &r);
	assert_non_null(f = find(&r, "GH-FILE-002", "/state"));
	assert_int_equal(f->severity, SEV_WARN);
	audit_report_free(&r);
	tree_free(&t);
}

static void
test_symlinks_in_state(void **state)
{
	struct tree t;
	struct report r = { 0 };
	char link[256];
	const struct finding *f;

	(void)state;
	tree_make(&t, false);
	snprintf(link, sizeof(link), "%s/gatehouse.db", t.state);
	assert_int_equal(symlink("/etc/passwd", link), 0);
	audit_files(&t.o, &r);
	assert_int_equal(r.n, 1);
	assert_non_null(f = find(&r, "GH-FILE-002", "/gatehouse.db"));
	assert_int_equal(f->severity, SEV_WARN);
	assert_non_null(strstr(f->evidence, "/etc/passwd"));
	audit_report_free(&r);

	/* The state directory itself a link: reported, not walked, not fixed. */
	snprintf(link, sizeof(link), "%s/state2", t.root);
	assert_int_equal(symlink(t.state, link), 0);
	assert_int_equal(chmod(t.state, 0755), 0);
	t.cfg.state_dir = link;
	t.o.fix = true;
	audit_files(&t.o, &r);
	assert_int_equal(r.n, 1);
	assert_non_null(f = find(&r, "GH-FILE-002", "/state2"));
	assert_int_equal(f->severity, SEV_WARN);
	assert_int_equal(mode_of(t.state), 0755);
	audit_report_free(&r);
	tree_free(&t);
}

static void
test_transcripts(void **state)
{
	struct tree t;
	struct report r = { 0 };
	const struct finding *f;

	(void)state;
	tree_make(&t, false);
	put(t.home, ".openclaw/agents/main/sessions/s1.jsonl", "{\"a\":1}\n{\"k\":\"" ANTHROPIC_KEY "\"}\n", 0644);
	put(t.home, ".openclaw/agents/main/sessions/s2.jsonl", "{}\n", 0644);
	put(t.home, ".openclaw/agents/main/sessions/s3.jsonl", "{}\n", 0640);
	put(t.home, ".openclaw/agents/main/sessions/s4.jsonl", "{}\n", 0600);
	put(t.home, ".openclaw/agents/main/sessions/notes.txt", ANTHROPIC_KEY "\n", 0644);  /* not a transcript */
	put(t.home, ".openclaw/openclaw.json", "{\"telegram\": {\"token\": \"123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw1\"}}", 0600);
	put(t.home, ".claude/projects/-work-app/abc.jsonl", "\n\n\n{\"c\":\"" AWS_KEY "\"}\n", 0600);
	put(t.home, ".clawdbot/x/y.jsonl", "{}\n", 0600);
	audit_files(&t.o, &r);
	assert_no_secret(&r);

	/* One finding for the directory, counting the files others can read. */
	assert_int_equal(count(&r, "GH-FILE-005", -1), 1);
	assert_non_null(f = find(&r, "GH-FILE-005", "/.openclaw/agents/main/sessions"));
	assert_int_equal(f->severity, SEV_CRITICAL);
	assert_non_null(strstr(f->evidence, "3 of 4"));
	/* Secrets: critical where others can read the file, else warn. */
	assert_non_null(f = find(&r, "GH-FILE-006", "/sessions/s1.jsonl"));
	assert_int_equal(f->severity, SEV_CRITICAL);
	assert_non_null(strstr(f->evidence, "Anthropic API key on line 2"));
	assert_non_null(f = find(&r, "GH-FILE-006", "/.openclaw/openclaw.json"));
	assert_int_equal(f->severity, SEV_WARN);
	assert_non_null(strstr(f->evidence, "Telegram bot token on line 1"));
	assert_non_null(f = find(&r, "GH-FILE-006", "/abc.jsonl"));
	assert_int_equal(f->severity, SEV_WARN);
	assert_non_null(strstr(f->evidence, "AWS access key id on line 4"));
	assert_int_equal(r.n, 4);
	audit_report_free(&r);

	/* The same files behind a 0700 home: still reported, but as a warning. */
	assert_int_equal(chmod(t.home, 0700), 0);
	audit_files(&t.o, &r);
	assert_non_null(f = find(&r, "GH-FILE-005", "/.openclaw/agents/main/sessions"));
	assert_int_equal(f->severity, SEV_WARN);
	assert_non_null(f = find(&r, "GH-FILE-006", "/sessions/s1.jsonl"));
	assert_int_equal(f->severity, SEV_WARN);
	audit_report_free(&r);
	tree_free(&t);
}

/* Below depth 6 nothing is read; symbolic links are not followed. */
static void
test_walk_bounds(void **state)
{
	struct tree t;
	struct report r = { 0 };
	char link[256], target[256];

	(void)state;
	tree_make(&t, false);
	put(t.home, ".openclaw/1/2/3/4/5/ok.jsonl", AWS_KEY "\n", 0600);
	put(t.home, ".openclaw/1/2/3/4/5/6/deep.jsonl", AWS_KEY "\n", 0600);
	put(t.root, "elsewhere/leak.jsonl", AWS_KEY "\n", 0644);
	snprintf(link, sizeof(link), "%s/.openclaw/linked", t.home);
	snprintf(target, sizeof(target), "%s/elsewhere", t.root);
	assert_int_equal(symlink(target, link), 0);
	audit_files(&t.o, &r);
	if (r.n != 1)
		dump(&r);
	assert_int_equal(r.n, 1);
	assert_non_null(find(&r, "GH-FILE-006", "/ok.jsonl"));
	audit_report_free(&r);
	tree_free(&t);
}

static size_t
lines_in(const char *path)
{
	size_t len, n = 0;
	char *buf = util_read_file(path, 1 << 20, &len);

	assert_non_null(buf);
	for (size_t i = 0; i < len; i++)
		n += buf[i] == '\n';
	free(buf);
	return n;
}

static void
test_fix(void **state)
{
	struct tree t;
	struct report r = { 0 };
	char backup[256], transcript[256], text[4096];
	size_t len;
	char *saved;

	(void)state;
	tree_make(&t, true);
	assert_int_equal(chmod(t.state, 0755), 0);
	assert_int_equal(chmod(t.config, 0644), 0);
	assert_int_equal(chmod(t.key, 0640), 0);
	put(t.state, "gatehouse.db", "x", 0644);
	put(t.state, "sub/x.token", "x", 0644);
	set_mode(t.state, "sub", 0755);
	put(t.home, ".openclaw/agents/main/sessions/s1.jsonl", "{\"k\":\"" ANTHROPIC_KEY "\"}\n", 0644);
	snprintf(transcript, sizeof(transcript), "%s/.openclaw/agents/main/sessions/s1.jsonl", t.home);
	t.o.fix = true;
	audit_files(&t.o, &r);

	/* Every one of our files fixed, printed, and not reported. */
	assert_int_equal(mode_of(t.state), 0700);
	assert_int_equal(mode_of(t.config), 0600);
	assert_int_equal(mode_of(t.key), 0600);
	snprintf(text, sizeof(text), "%s/gatehouse.db", t.state);
	assert_int_equal(mode_of(text), 0600);
	snprintf(text, sizeof(text), "%s/sub", t.state);
	assert_int_equal(mode_of(text), 0700);
	snprintf(text, sizeof(text), "%s/sub/x.token", t.state);
	assert_int_equal(mode_of(text), 0600);
	if (r.nfixed != 6)
		dump(&r);
	assert_int_equal(r.nfixed, 6);
	snprintf(text, sizeof(text), "chmod 600 %s (was 0644); previous mode saved in %s/audit-fix-backup.txt",
	    t.config, t.state);
	bool seen = false;
	for (size_t i = 0; i < r.nfixed; i++)
		seen |= strcmp(r.fixed[i], text) == 0;
	assert_true(seen);
	assert_int_equal(count(&r, "GH-FILE-001", -1) + count(&r, "GH-FILE-002", -1) +
	    count(&r, "GH-FILE-003", -1), 0);

	/* The transcript is not ours: reported, untouched. */
	assert_int_equal(mode_of(transcript), 0644);
	assert_int_equal(count(&r, "GH-FILE-005", SEV_CRITICAL), 1);
	assert_int_equal(count(&r, "GH-FILE-006", SEV_CRITICAL), 1);

	/* The backup holds one "PATH MODE" line per change, the old modes. */
	snprintf(backup, sizeof(backup), "%s/audit-fix-backup.txt", t.state);
	assert_int_equal(mode_of(backup), 0600);
	assert_int_equal(lines_in(backup), 6);
	saved = util_read_file(backup, 1 << 20, &len);
	snprintf(text, sizeof(text), "%s 0755\n", t.state);
	assert_non_null(strstr(saved, text));
	snprintf(text, sizeof(text), "%s 0644\n", t.config);
	assert_non_null(strstr(saved, text));
	snprintf(text, sizeof(text), "%s 0640\n", t.key);
	assert_non_null(strstr(saved, text));
	free(saved);
	audit_report_free(&r);

	/* A second run has nothing left to fix. */
	audit_files(&t.o, &r);
	assert_int_equal(r.nfixed, 0);
	assert_int_equal(lines_in(backup), 6);
	assert_int_equal(count(&r, "GH-FILE-005", -1), 1);
	audit_report_free(&r);
	tree_free(&t);
}

/* --fix with no state directory yet: it is made (0700) to hold the backup. */
static void
test_fix_creates_state_dir(void **state)
{
	struct tree t;
	struct report r = { 0 };
	char backup[256];

	(void)state;
	tree_make(&t, false);
	assert_int_equal(rmdir(t.state), 0);
	assert_int_equal(chmod(t.config, 0664), 0);
	t.o.fix = true;
	audit_files(&t.o, &r);
	assert_int_equal(r.n, 0);
	assert_int_equal(r.nfixed, 1);
	assert_int_equal(mode_of(t.config), 0600);
	assert_int_equal(mode_of(t.state), 0700);
	snprintf(backup, sizeof(backup), "%s/audit-fix-backup.txt", t.state);
	assert_int_equal(lines_in(backup), 1);
	audit_report_free(&r);
	tree_free(&t);
}

static void
test_no_config_no_home(void **state)
{
	struct audit_opts o = { 0 };
	struct report r = { 0 };

	(void)state;
	audit_files(&o, &r);
	/* Without a home, transcripts could not be checked: a warn finding (fail closed). */
	assert_int_equal(r.n, 1);
	assert_string_equal(r.items[0].id, "GH-FILE-007");
	assert_int_equal(r.items[0].severity, SEV_WARN);
	assert_int_equal(r.nnotes, 0);
	audit_report_free(&r);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_clean),
		cmocka_unit_test(test_config_modes),
		cmocka_unit_test(test_state_dir_and_files),
		cmocka_unit_test(test_closed_state_dir_lowers_severity),
		cmocka_unit_test(test_symlinks_in_state),
		cmocka_unit_test(test_transcripts),
		cmocka_unit_test(test_walk_bounds),
		cmocka_unit_test(test_fix),
		cmocka_unit_test(test_fix_creates_state_dir),
		cmocka_unit_test(test_no_config_no_home),
	};

	umask(022);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
