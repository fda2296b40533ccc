// libdeflate (Debian: libdeflate-dev): whole-buffer gzip, 2-4x faster than zlib at the same
// level and no larger. The server compresses every answer body whole, so it needs no stream.
#include <libdeflate.h>
