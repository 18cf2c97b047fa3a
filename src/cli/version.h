#ifndef GH_VERSION_H
#define GH_VERSION_H

#define GATEHOUSE_VERSION "0.1.0"

void serve_harden_process(void);
struct config;
void serve_config_dir(const struct config *cfg, char *out, size_t cap);

#endif
