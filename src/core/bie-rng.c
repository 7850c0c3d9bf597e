/* bie-rng.c: a small, fast, seeded random number generator
 *
 * Copyright 2026 The Bienestar developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bie-rng"

#include "config.h"

#include "bie-rng.h"

/**
 * bie_rng_init:
 * @stream: which of the independent sequences of @seed
 *
 * Seeds @rng; the same @seed and @stream give the same numbers.
 */
void
bie_rng_init (BieRng  *rng,
              guint32  seed,
              guint32  stream)
{
  guint64 state = ((guint64) seed << 32) | stream;

  for (guint i = 0; i < 4; i++)
    {
      state += G_GUINT64_CONSTANT (0x9e3779b97f4a7c15);
      rng->s[i] = bie_rng_mix (state);
    }
}

/**
 * bie_rng_weighted:
 * @weights: (array length=n_weights): relative weights, not all zero
 *
 * Returns: an index into @weights, each as likely as its weight
 */
guint
bie_rng_weighted (BieRng        *rng,
                  const guint16 *weights,
                  guint          n_weights)
{
  guint total = 0;
  guint pick;

  for (guint i = 0; i < n_weights; i++)
    total += weights[i];
  g_return_val_if_fail (total > 0, 0);

  pick = bie_rng_below (rng, total);
  for (guint i = 0; i < n_weights; i++)
    {
      if (pick < weights[i])
        return i;
      pick -= weights[i];
    }

  g_assert_not_reached ();
}
