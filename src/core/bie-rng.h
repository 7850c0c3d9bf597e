/* bie-rng.h: a small, fast, seeded random number generator
 *
 * xoshiro256** (Blackman and Vigna), seeded through splitmix64: the same
 * seed gives the same numbers on every machine and with every GLib, in
 * integer arithmetic only. For reproducible data (the demo city), never
 * for anything secret.
 *
 * Copyright 2026 The Bienestar developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  guint64 s[4];
} BieRng;

void  bie_rng_init     (BieRng        *rng,
                        guint32        seed,
                        guint32        stream);
guint bie_rng_weighted (BieRng        *rng,
                        const guint16 *weights,
                        guint          n_weights);

/* The splitmix64 finaliser: a good 64-bit hash of @x. */
static inline guint64
bie_rng_mix (guint64 x)
{
  x = (x ^ (x >> 30)) * G_GUINT64_CONSTANT (0xbf58476d1ce4e5b9);
  x = (x ^ (x >> 27)) * G_GUINT64_CONSTANT (0x94d049bb133111eb);

  return x ^ (x >> 31);
}

static inline guint64
bie_rng_rotl (guint64 x,
              int     k)
{
  return (x << k) | (x >> (64 - k));
}

static inline guint64
bie_rng_next (BieRng *rng)
{
  guint64 *s = rng->s;
  guint64 result = bie_rng_rotl (s[1] * 5, 7) * 9;
  guint64 t = s[1] << 17;

  s[2] ^= s[0];
  s[3] ^= s[1];
  s[1] ^= s[2];
  s[0] ^= s[3];
  s[2] ^= t;
  s[3] = bie_rng_rotl (s[3], 45);

  return result;
}

/* A number in [0, n), by multiply and shift (bias below 2^-32). */
static inline guint
bie_rng_below (BieRng *rng,
               guint   n)
{
  return (guint) (((bie_rng_next (rng) >> 32) * (guint64) n) >> 32);
}

/* A number in [lo, hi]. */
static inline gint
bie_rng_range (BieRng *rng,
               gint    lo,
               gint    hi)
{
  g_assert (hi >= lo);

  return lo + (gint) bie_rng_below (rng, (guint) (hi - lo) + 1);
}

/* %TRUE @percent times in a hundred. */
static inline gboolean
bie_rng_percent (BieRng *rng,
                 guint   percent)
{
  return bie_rng_below (rng, 100) < percent;
}

#define BIE_RNG_PICK(rng, array) ((array)[bie_rng_below ((rng), G_N_ELEMENTS (array))])
#define BIE_RNG_WEIGHTED(rng, weights) bie_rng_weighted ((rng), (weights), G_N_ELEMENTS (weights))

G_END_DECLS
