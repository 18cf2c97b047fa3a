/*
 * The scored check of the poisoning scan (GH-TP-091): a linear model over the
 * words and word pairs of a tool's text, trained by scripts/train-scan.py on the
 * poisoned and real tool lists under tests/data/. The rules name shapes of attack
 * one by one; this reads the text as a whole, after other tools' names, paths,
 * URLs, e-mail addresses, identifiers and numbers are replaced by a class word.
 *
 * Pure: no I/O, no state; the weights are a constant table
 * (scan_model_weights.c, generated). The tokeniser must stay exactly the one of
 * scripts/train-scan.py: tests/unit/guard/test_scan_model.c compares the scores.
 */
#ifndef GH_GUARD_SCAN_MODEL_H
#define GH_GUARD_SCAN_MODEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

struct scan_model_weight {
	uint32_t hash;                  /* FNV-1a of the feature ("u:WORD", "b:W1 W2", "len:X") */
	float    weight;
};

extern const double                   scan_model_bias;
extern const double                   scan_model_threshold;         /* beside a warning of the rules */
extern const double                   scan_model_threshold_alone;   /* on its own, with ... */
#define SCAN_MODEL_MIN_TOKENS_ALONE           12                            /* ... words enough */
#define SCAN_MODEL_MIN_TOKENS                 6                             /* words enough beside a warning */
extern const size_t                   scan_model_nweights;
extern const struct scan_model_weight scan_model_weights[];   /* sorted by hash */

/* Is this word (lower case, not NUL-terminated) the name of another tool? */
typedef bool (*scan_model_is_tool)(void *arg, const char *w, size_t n);

struct scan_model_out {
	double score;
	size_t ntokens;
	size_t ncjk;                    /* of them, CJK characters (each a word of its own) */
	char   why[96];                 /* over the threshold: the words that weighed most, e.g. "(another tool), every, user" */
};

/* The length of the CJK character at s[i] (3), or 0: a 3-byte UTF-8 sequence
 * with a lead byte 0xe3..0xed (kana, CJK ideographs, Hangul), not U+3000..U+303F.
 * The model reads each as a word; scan_xtool.c parts a name from such text. */
size_t scan_model_cjk_at(const char *s, size_t n, size_t i);

/*
 * The text the model reads: the tool's description, then for every node of its
 * input schema, depth first, its title, its description and the strings in its
 * default, enum, examples, const and $comment, joined by newlines. malloc'd, NUL-terminated;
 * NULL when out of memory. *len is its length.
 */
char *scan_model_text(json_t *tool, size_t *len);

/*
 * Score a tool. 0, or -1 when out of memory. A score above
 * scan_model_threshold_alone holds the tool; above scan_model_threshold it
 * holds a tool that a rule also warned of (src/guard/scan.c).
 */
int scan_model_score(json_t *tool, scan_model_is_tool is_tool, void *arg,
        struct scan_model_out *out);

/*
 * Does a score hold its tool on its own: over scan_model_threshold_alone and
 * with SCAN_MODEL_MIN_TOKENS_ALONE words, three CJK characters counting as one
 * (a word of Chinese or Japanese takes one to three of them).
 */
bool scan_model_alone(const struct scan_model_out *m);

#endif
