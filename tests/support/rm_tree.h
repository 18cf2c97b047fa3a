/* Remove a test's temporary directory tree (no symbolic link is followed). */
#ifndef GH_TEST_RM_TREE_H
#define GH_TEST_RM_TREE_H

#include <ftw.h>
#include <stdio.h>
#include <sys/stat.h>

static int
rm_tree_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path);
}

static inline void
rm_tree(const char *root)
{
	nftw(root, rm_tree_entry, 16, FTW_DEPTH | FTW_PHYS);
}

#endif
