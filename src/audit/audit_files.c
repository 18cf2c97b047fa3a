/*
 * File checks (DESIGN.md section 8): who else can read gatehouse's configuration,
 * state directory, database, tokens, keys and logs; which agent transcripts and
 * session files other users can read; and which secrets sit inside transcripts
 * and logs, waiting for whoever reads them next.
 *
 * --fix touches only gatehouse's own files (the configuration, the state
 * directory and what is in it, the TLS key): chmod 600 for files, 700 for
 * directories. chmod changes no content, so the backup is the previous mode,
 * appended as "PATH MODE" to STATEDIR/audit-fix-backup.txt before each change;
 * `chmod MODE PATH` from that file undoes it. Transcripts and the files of other
 * programs are reported, never changed.
 *
 * Nothing here follows a symbolic link while walking, and every walk is bounded in
 * depth, entries and bytes read.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../limits.h"
#include "../secrets/scan.h"
#include "../util/util.h"
#include "../util/hsdb.h"
#include "audit.h"

/* Caps of this check family. */
#define FILES_BACKUP_NAME       "audit-fix-backup.txt"

/* Where agents keep transcripts and session files, relative to the home. */
static const char *const transcript_roots[] = {
	".openclaw", ".clawdbot", ".moltbot", ".claude/projects", ".codex/sessions",
};
#define NTRANSCRIPT_ROOTS (sizeof(transcript_roots) / sizeof(transcript_roots[0]))

struct fctx {
	const struct audit_opts *o;
	struct report           *r;
	size_t                   entries;
	size_t                   read_total;
	size_t                   secret_files;          /* files reported under GH-FILE-006 */
	size_t                   secret_files_unlisted;
	size_t                   too_big;               /* files over FILES_READ_ONE */
	size_t                   over_budget;           /* files left unread past FILES_READ_TOTAL */
	size_t                   unreadable;            /* transcripts and logs we could not open */
	char                     unreadable_example[LIMIT_PATH];
	bool                     entries_noted;
	dev_t                    key_dev;               /* the TLS key, checked on its own */
	ino_t                    key_ino;
	bool                     key_seen;
};

static bool
ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), k = strlen(suffix);

	return n >= k && strcmp(s + n - k, suffix) == 0;
}


/* ---- --fix ------------------------------------------------------------------ */

/*
 * Record "PATH MODE" in STATEDIR/audit-fix-backup.txt (0600, appended, synced),
 * so that the change about to be made can be undone. 0 or -1 with a note.
 */
static int
backup_mode(struct fctx *c, const char *path, mode_t mode, char *backup, size_t cap)
{
	const char *state = c->o->cfg ? c->o->cfg->state_dir : NULL;
	char line[LIMIT_PATH + 32];
	struct stat st;
	int fd, n;

	if (state == NULL) {
		audit_note(c->r, "not changing %s: there is no state directory to keep the previous mode in", path);
		return -1;
	}
	if (strchr(path, '\n') != NULL) {
		audit_note(c->r, "not changing a file whose name holds a line break: %s", path);
		return -1;
	}
	if (lstat(state, &st) != 0 && errno == ENOENT && util_mkdir_private(state) != 0) {
		audit_note(c->r, "not changing %s: could not create %s: %s", path, state, strerror(errno));
		return -1;
	}
	if (lstat(state, &st) != 0 || !S_ISDIR(st.st_mode)) {
		audit_note(c->r, "not changing %s: %s is not a directory", path, state);
		return -1;
	}
	snprintf(backup, cap, "%s/%s", state, FILES_BACKUP_NAME);
	n = snprintf(line, sizeof(line), "%s %04o\n", path, (unsigned)(mode & 07777));
	if (n < 0 || (size_t)n >= sizeof(line))
		return -1;
	fd = open(backup, O_WRONLY | O_APPEND | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (fd < 0 || write(fd, line, (size_t)n) != n || fsync(fd) != 0) {
		audit_note(c->r, "not changing %s: could not record its mode in %s: %s", path, backup,
		    strerror(errno));
		if (fd >= 0)
			close(fd);
		return -1;
	}
	close(fd);
	return 0;
}

/*
 * chmod one of gatehouse's own files or directories to `want`, if --fix was
 * given. Only the very inode that was examined is changed (opened without
 * following links, checked against `seen`), only if we own it, and only after
 * its previous mode is recorded. Returns true when the change was made.
 */
static bool
fix_mode(struct fctx *c, const char *path, const struct stat *seen, mode_t want)
{
	char backup[LIMIT_PATH];
	struct stat now;
	int fd;

	if (!c->o->fix)
		return false;
	if (S_ISLNK(seen->st_mode) || !(S_ISREG(seen->st_mode) || S_ISDIR(seen->st_mode))) {
		audit_note(c->r, "not changing %s: it is not a plain file or directory", path);
		return false;
	}
	if (seen->st_uid != geteuid()) {
		audit_note(c->r, "not changing %s: it belongs to uid %u, not to this user", path,
		    (unsigned)seen->st_uid);
		return false;
	}
	fd = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC | O_NOCTTY |
	    (S_ISDIR(seen->st_mode) ? O_DIRECTORY : 0));
	if (fd < 0) {
		audit_note(c->r, "could not open %s to change its mode: %s", path, strerror(errno));
		return false;
	}
	if (fstat(fd, &now) != 0 || now.st_dev != seen->st_dev || now.st_ino != seen->st_ino) {
		audit_note(c->r, "not changing %s: it changed while it was examined", path);
		close(fd);
		return false;
	}
	if (backup_mode(c, path, now.st_mode, backup, sizeof(backup)) != 0) {
		close(fd);
		return false;
	}
	if (fchmod(fd, want) != 0) {
		audit_note(c->r, "could not chmod %o %s: %s", (unsigned)want, path, strerror(errno));
		close(fd);
		return false;
	}
	close(fd);
	audit_fixed(c->r, "chmod %o %s (was %04o); previous mode saved in %s", (unsigned)want, path,
	    (unsigned)(now.st_mode & 07777), backup);
	return true;
}

/* ---- secrets inside a file ------------------------------------------------------ */

struct found {
	size_t first[64];       /* first start per rule, SIZE_MAX when none */
	const char *name[64];
	size_t nrules;
	int    total;
};

static int
note_secret(const char *rule_id, const char *name, size_t start, size_t end, void *arg)
{
	struct found *f = arg;

	(void)end;
	for (size_t i = 0; i < secrets_nrules() && i < 64; i++)
		if (strcmp(secrets_rule_id(i), rule_id) == 0) {     /* checksrc:public */
			if (f->first[i] == SIZE_MAX || start < f->first[i])
				f->first[i] = start;
			f->name[i] = name;
		}
	f->total++;
	return 0;
}

static size_t
line_of(const char *buf, size_t off)
{
	size_t line = 1;
	const char *p = buf, *end = buf + off, *nl;

	while (p < end && (nl = memchr(p, '\n', (size_t)(end - p))) != NULL) {
		line++;
		p = nl + 1;
	}
	return line;
}

/*
 * Read one file (fd, already examined as a regular file of st_size bytes) within
 * the read budget and report the secrets in it: the kind and line of the first
 * of each kind, and how many in all. Never the secret.
 */
static void
scan_file(struct fctx *c, int fd, const char *path, const struct stat *st, bool exposed)
{
	struct found f;
	char evidence[1024];
	size_t len = (size_t)st->st_size, off = 0, used = 0;
	char *buf;

	if (len == 0)
		return;
	if (len > FILES_READ_ONE) {
		c->too_big++;
		return;
	}
	if (c->read_total + len > FILES_READ_TOTAL) {
		c->over_budget++;
		return;
	}
	buf = malloc(len);
	if (buf == NULL)
		return;
	while (off < len) {
		ssize_t got = read(fd, buf + off, len - off);
		if (got < 0 && errno == EINTR)
			continue;
		if (got <= 0)
			break;
		off += (size_t)got;
	}
	c->read_total += off;
	memset(&f, 0, sizeof(f));
	for (size_t i = 0; i < 64; i++)
		f.first[i] = SIZE_MAX;
	if (secrets_scan(buf, off, note_secret, &f) > 0) {
		if (c->secret_files >= FILES_SECRET_FINDINGS) {
			c->secret_files_unlisted++;
		} else {
			evidence[0] = '\0';
			for (size_t i = 0; i < 64; i++) {
				if (f.first[i] == SIZE_MAX)
					continue;
				size_t n = strlen(evidence);
				snprintf(evidence + n, sizeof(evidence) - n, "%s%s on line %zu", used++ ? "; " : "",
				    f.name[i], line_of(buf, f.first[i]));
			}
			c->secret_files++;
			audit_add(c->r, "GH-FILE-006", exposed ? SEV_CRITICAL : SEV_WARN, path,
			    "%s (%d secret%s in all)%s", evidence, f.total, f.total == 1 ? "" : "s",
			    exposed ? "; the file is readable by other users" : "");
		}
	}
	explicit_bzero(buf, off);
	free(buf);
}

/* ---- transcripts ---------------------------------------------------------------- */

static bool
is_transcript(const char *name)
{
	return ends_with(name, ".jsonl") || ends_with(name, ".json");
}

static bool
is_log(const char *name)
{
	const char *p = strstr(name, ".log");

	/* x.log, x.log.1 */
	if (p == NULL)
		return false;
	while (p != NULL && !(p[4] == '\0' || p[4] == '.'))
		p = strstr(p + 1, ".log");
	return p != NULL;
}

/* A transcript or log we may not open: counted, the first one named. */
static void
unreadable(struct fctx *c, const char *path)
{
	if (c->unreadable++ == 0)
		snprintf(c->unreadable_example, sizeof(c->unreadable_example), "%s", path);
}

static bool
count_entry(struct fctx *c)
{
	if (c->entries++ < FILES_WALK_ENTRIES)
		return true;
	if (!c->entries_noted) {
		c->entries_noted = true;
		audit_add(c->r, "GH-FILE-007", -1, "", "stopped after %d directory entries; some transcripts "
		    "and logs were not examined", FILES_WALK_ENTRIES);
	}
	return false;
}

/*
 * One directory under a transcript root. Files readable by others are counted
 * and reported once for the directory (a session directory holds thousands);
 * every transcript, session file and log is scanned for secrets. dfd is owned.
 */
static void
walk_transcripts(struct fctx *c, int dfd, const char *dir, int depth)
{
	DIR *d = fdopendir(dfd);
	struct dirent *e;
	size_t files = 0, open_files = 0;
	char example[256] = "", path[LIMIT_PATH];
	mode_t example_mode = 0;
	struct stat dst, st;
	bool reach;

	if (d == NULL) {
		close(dfd);
		return;
	}
	if (fstat(dirfd(d), &dst) != 0) {
		closedir(d);
		return;
	}
	reach = audit_others_can_reach(dir);
	while ((e = readdir(d)) != NULL) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		if (!count_entry(c))
			break;
		if ((size_t)snprintf(path, sizeof(path), "%s/%s", dir, e->d_name) >= sizeof(path))
			continue;
		if (fstatat(dirfd(d), e->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0)
			continue;
		if (S_ISDIR(st.st_mode)) {
			int sub;
			if (depth >= FILES_WALK_DEPTH)
				continue;
			sub = openat(dirfd(d), e->d_name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
			if (sub >= 0)
				walk_transcripts(c, sub, path, depth + 1);
			continue;
		}
		if (!S_ISREG(st.st_mode))
			continue;
		bool transcript = is_transcript(e->d_name);
		if (!transcript && !is_log(e->d_name))
			continue;
		if (transcript) {
			files++;
			if (st.st_mode & 044) {
				if (open_files++ == 0) {
					snprintf(example, sizeof(example), "%s", e->d_name);
					example_mode = st.st_mode & 07777;
				}
			}
		}
		int fd = openat(dirfd(d), e->d_name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
		if (fd < 0) {
			unreadable(c, path);
			continue;
		}
		if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode))
			scan_file(c, fd, path, &st, reach && (st.st_mode & 044) != 0);
		close(fd);
	}
	closedir(d);
	if (open_files > 0)
		audit_add(c->r, "GH-FILE-005", reach ? SEV_CRITICAL : SEV_WARN, dir,
		    "%zu of %zu transcript or session file%s here %s readable by other users (e.g. %s, mode %04o); "
		    "directory mode %04o%s", open_files, files, files == 1 ? "" : "s",
		    open_files == 1 ? "is" : "are", example, (unsigned)example_mode,
		    (unsigned)(dst.st_mode & 07777),
		    reach ? "" : "; a directory above keeps them out for now");
}

static void
check_transcripts(struct fctx *c)
{
	const char *home = c->o->home;
	char root[LIMIT_PATH];
	struct stat st;

	if (home == NULL || home[0] != '/') {
		audit_add(c->r, "GH-FILE-007", -1, "", "HOME is not set to an absolute path; agent transcripts "
		    "were not checked");
		return;
	}
	for (size_t i = 0; i < NTRANSCRIPT_ROOTS; i++) {
		int fd;
		if ((size_t)snprintf(root, sizeof(root), "%s/%s", home, transcript_roots[i]) >= sizeof(root))
			continue;
		if (lstat(root, &st) != 0 || !S_ISDIR(st.st_mode))
			continue;
		fd = open(root, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
		if (fd >= 0)
			walk_transcripts(c, fd, root, 1);
	}
}

/* ---- gatehouse's own files ------------------------------------------------------- */

static bool
sensitive_name(const char *name)
{
	return strcmp(name, "gatehouse.db") == 0 || strcmp(name, "gatehouse.db-wal") == 0 ||
	    strcmp(name, "gatehouse.db-shm") == 0 || ends_with(name, ".token") || ends_with(name, ".key") ||
	    ends_with(name, ".pem") || strncmp(name, "vault", 5) == 0 || ends_with(name, ".db") ||     /* checksrc:public */
	    ends_with(name, ".db-wal") || ends_with(name, ".db-shm");
}

/*
 * Everything in the state directory is gatehouse's: the database, tokens, keys,
 * logs. Symbolic links are never made there by gatehouse, so one is reported as
 * suspicious and not followed. dfd is owned.
 */
static void
walk_state(struct fctx *c, int dfd, const char *dir, int depth)
{
	DIR *d = fdopendir(dfd);
	struct dirent *e;
	char path[LIMIT_PATH], target[LIMIT_PATH];
	struct stat st;
	bool reach;

	if (d == NULL) {
		close(dfd);
		return;
	}
	reach = audit_others_can_reach(dir);
	while ((e = readdir(d)) != NULL) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		if (!count_entry(c))
			break;
		if ((size_t)snprintf(path, sizeof(path), "%s/%s", dir, e->d_name) >= sizeof(path))
			continue;
		if (fstatat(dirfd(d), e->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0)
			continue;
		if (S_ISLNK(st.st_mode)) {
			ssize_t n = readlinkat(dirfd(d), e->d_name, target, sizeof(target) - 1);
			target[n < 0 ? 0 : n] = '\0';
			audit_add(c->r, "GH-FILE-002", SEV_WARN, path,
			    "a symbolic link to %s in the state directory; gatehouse never makes one there, "
			    "so something else did", target);
			continue;
		}
		if (S_ISDIR(st.st_mode)) {
			int sub;
			if ((st.st_mode & 077) && !fix_mode(c, path, &st, 0700))
				audit_add(c->r, "GH-FILE-002", reach ? SEV_CRITICAL : SEV_WARN, path,
				    "a directory in the state directory has mode %04o", (unsigned)(st.st_mode & 07777));
			if (depth >= FILES_STATE_DEPTH)
				continue;
			sub = openat(dirfd(d), e->d_name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
			if (sub >= 0)
				walk_state(c, sub, path, depth + 1);
			continue;
		}
		if (!S_ISREG(st.st_mode))
			continue;               /* the unix socket checks its peer's uid itself */
		if (c->key_seen && st.st_dev == c->key_dev && st.st_ino == c->key_ino)
			continue;
		if ((st.st_mode & 077) && !fix_mode(c, path, &st, 0600)) {
			if (is_log(e->d_name))
				audit_add(c->r, "GH-FILE-004", reach && (st.st_mode & 044) ? -1 : SEV_INFO, path,
				    "log file with mode %04o", (unsigned)(st.st_mode & 07777));
			else
				audit_add(c->r, "GH-FILE-003",
				    !(reach && (st.st_mode & 044)) ? SEV_WARN :
				    sensitive_name(e->d_name) ? SEV_CRITICAL : SEV_WARN, path,
				    "%s with mode %04o%s", sensitive_name(e->d_name) ? "state file" : "file",
				    (unsigned)(st.st_mode & 07777),
				    reach ? "" : "; the state directory keeps others out for now");
		}
		if (is_log(e->d_name)) {
			int fd = openat(dirfd(d), e->d_name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
			struct stat now;
			if (fd < 0) {
				unreadable(c, path);
				continue;
			}
			if (fstat(fd, &now) == 0 && S_ISREG(now.st_mode))
				scan_file(c, fd, path, &now, reach && (now.st_mode & 044) != 0);
			close(fd);
		}
	}
	closedir(d);
}

static void
check_state_dir(struct fctx *c)
{
	const char *state = c->o->cfg ? c->o->cfg->state_dir : NULL;
	char target[LIMIT_PATH], parent[LIMIT_PATH];
	struct stat st;
	int fd;

	if (state == NULL)
		return;
	if (lstat(state, &st) != 0) {
		if (errno != ENOENT)
			audit_add(c->r, "GH-FILE-007", -1, state, "could not examine the state directory: %s",
			    strerror(errno));
		return;
	}
	if (S_ISLNK(st.st_mode)) {
		ssize_t n = readlink(state, target, sizeof(target) - 1);
		target[n < 0 ? 0 : n] = '\0';
		audit_add(c->r, "GH-FILE-002", SEV_WARN, state,
		    "the state directory is a symbolic link to %s; its files were not examined", target);
		return;
	}
	if (!S_ISDIR(st.st_mode)) {
		audit_note(c->r, "the state directory %s is not a directory", state);
		return;
	}
	audit_parent_dir(state, parent, sizeof(parent));
	if ((st.st_mode & 077) && !fix_mode(c, state, &st, 0700))
		audit_add(c->r, "GH-FILE-002", audit_others_can_reach(parent) ? -1 : SEV_WARN, state,
		    "mode %04o%s", (unsigned)(st.st_mode & 07777),
		    audit_others_can_reach(parent) ? "" : "; a directory above keeps others out for now");
	fd = open(state, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0) {
		audit_add(c->r, "GH-FILE-007", -1, state, "could not list the state directory: %s", strerror(errno));
		return;
	}
	walk_state(c, fd, state, 1);
}

/* The configuration: writable by others is critical (they can reconfigure the
 * gateway), readable is a warning (it may hold inline secrets). */
static void
check_config_file(struct fctx *c)
{
	const char *path = c->o->config_path;
	char dir[LIMIT_PATH];
	struct stat st, lst;

	if (path == NULL)
		return;
	if (lstat(path, &lst) != 0 || stat(path, &st) != 0)
		return;
	if (st.st_mode & 066) {
		bool fixed = S_ISLNK(lst.st_mode) ? false : fix_mode(c, path, &st, 0600);
		if (S_ISLNK(lst.st_mode) && c->o->fix)
			audit_note(c->r, "not changing %s: it is a symbolic link; chmod 600 its target", path);
		/* Writable by others: they choose what runs. Readable: a leak only when
		 * the file holds a secret inline. */
		bool inline_secret = false;
		for (size_t i = 0; c->o->cfg && i < c->o->cfg->nservers; i++)
			for (size_t j = 0; j < c->o->cfg->servers[i].nenv; j++) {
				const struct config_value *v = &c->o->cfg->servers[i].env[j];
				if (v->kind == VALUE_INLINE && !v->expand && config_looks_secret(v->name, v->value))
					inline_secret = true;
			}
		if (!fixed)
			audit_add(c->r, "GH-FILE-001", (st.st_mode & 022) ? SEV_CRITICAL :
			    inline_secret ? SEV_WARN : SEV_INFO, path,
			    "mode %04o: %s by other users%s", (unsigned)(st.st_mode & 07777),
			    (st.st_mode & 022) ? "writable" : "readable",
			    inline_secret ? ", and it holds a secret inline" : "");
	} else if ((st.st_mode & 011) && !S_ISLNK(lst.st_mode)) {
		fix_mode(c, path, &st, 0600);
	}
	audit_parent_dir(path, dir, sizeof(dir));
	if (stat(dir, &st) == 0 && (st.st_mode & 022) && !(st.st_mode & S_ISVTX))
		audit_add(c->r, "GH-FILE-001", SEV_CRITICAL, dir,
		    "the directory holding the configuration has mode %04o: other users can replace the file",
		    (unsigned)(st.st_mode & 07777));
}

static void
check_tls_key(struct fctx *c)
{
	const char *key = c->o->cfg ? c->o->cfg->tls_key : NULL;
	char dir[LIMIT_PATH];
	struct stat st, lst;
	bool reach;

	if (key == NULL || lstat(key, &lst) != 0 || stat(key, &st) != 0 || !S_ISREG(st.st_mode))
		return;
	c->key_seen = true;
	c->key_dev = lst.st_dev;
	c->key_ino = lst.st_ino;
	if (!(st.st_mode & 077))
		return;
	if (S_ISLNK(lst.st_mode)) {
		if (c->o->fix)
			audit_note(c->r, "not changing %s: it is a symbolic link; chmod 600 its target", key);
	} else if (fix_mode(c, key, &st, 0600)) {
		return;
	}
	audit_parent_dir(key, dir, sizeof(dir));
	reach = audit_others_can_reach(dir) && (st.st_mode & 044);
	audit_add(c->r, "GH-FILE-003", reach ? -1 : SEV_WARN, key, "TLS private key with mode %04o%s",
	    (unsigned)(st.st_mode & 07777), reach ? "" : "; not readable by others today");
}

void
audit_files(const struct audit_opts *o, struct report *r)
{
	struct fctx c = { .o = o, .r = r };

	if (secrets_init() != 0)
		audit_add(r, "GH-FILE-007", -1, "", "the secret scanner could not start (%s); transcripts and logs "
		    "were not searched for secrets", hsdb_why("its patterns do not compile"));
	check_tls_key(&c);        /* first, so that the state walk knows it when it is in there */
	check_state_dir(&c);
	check_config_file(&c);
	check_transcripts(&c);
	if (c.secret_files_unlisted)
		audit_note(r, "%zu more files with secrets inside are not listed", c.secret_files_unlisted);
	/* What could not be read is a finding (fail closed), never only a note. */
	if (c.too_big)
		audit_add(r, "GH-FILE-007", -1, "", "%zu transcript or log files over %zu MiB were not searched "
		    "for secrets", c.too_big, FILES_READ_ONE >> 20);
	if (c.over_budget)
		audit_add(r, "GH-FILE-007", -1, "", "stopped reading after %zu MiB; %zu transcript or log files "
		    "were not searched for secrets", FILES_READ_TOTAL >> 20, c.over_budget);
	if (c.unreadable)
		audit_add(r, "GH-FILE-007", -1, c.unreadable_example, "%zu transcript or log file%s could not be "
		    "opened, e.g. %s", c.unreadable, c.unreadable == 1 ? "" : "s", c.unreadable_example);
}
