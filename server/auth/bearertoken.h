#pragma once

#include <QByteArray>

// The shape of every token the server hands out: a prefix naming its kind and
// 32 random bytes in base64url (43 characters). Only SHA-256 digests are stored.
namespace BearerToken {

inline constexpr char kSessionPrefix[] = "bos_";       // a staff login session
inline constexpr char kApiPrefix[] = "boa_";           // an API token (shop, kiosk)
inline constexpr char kBookingAccessPrefix[] = "bka_"; // one anonymous booking

// prefix + 43 base64url characters from the system's CSPRNG.
QByteArray generate(const char *prefix);
// SHA-256 of the whole token as presented, prefix included (32 bytes).
QByteArray digest(const QByteArray &token);
// The token of an "Authorization: Bearer <token>" header (scheme
// case-insensitive, RFC 7235); empty when the header is absent or another scheme.
QByteArray fromAuthorization(const QByteArray &authorization);
// Compares two byte strings in time that depends only on their lengths.
bool equalConstantTime(const QByteArray &a, const QByteArray &b);

} // namespace BearerToken
