/* SPDX-License-Identifier: GPL-3.0-or-later */
/* libFuzzer target for the CSV reader: the input is the file. */
#include "fuzz-common.h"

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  g_autoptr(GBytes) bytes = g_bytes_new (data, size);

  fuzz_read_all (bytes, "fuzz.csv");
  return 0;
}
