#pragma once

#include <QString>

// Which of 1000 buckets a subject falls in for a flag, so that a rollout of p %
// takes the same subjects everywhere and forever, raising p only adds subjects,
// and different flags pick independent subjects. Pure functions; any thread.
namespace FlagBucketing {
inline constexpr int kBuckets = 1000; // percent to one decimal place

// The first 8 bytes of SHA-256 over the UTF-8 of key + "/" + subject, as a
// big-endian unsigned 64-bit number, modulo kBuckets: 0..999.
int bucket(const QString &key, const QString &subject);
// bucket < round(percent * 10): 0 % takes nobody, 100 % everybody.
bool inside(int bucket, double percent);
} // namespace FlagBucketing
