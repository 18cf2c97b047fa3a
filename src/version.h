#ifndef GH_VERSION_H
#define GH_VERSION_H

#define GATEHOUSE_VERSION "0.1.0"

#endif
