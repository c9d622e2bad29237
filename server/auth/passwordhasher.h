#pragma once

#include <QString>

#include <optional>

// Argon2id password hashes through libsodium's crypto_pwhash_str (the
// "$argon2id$..." string holds salt and parameters). Each call takes about
// 0.1 s and 64 MiB (the INTERACTIVE limits), so callers run it on a database
// worker, never on the HTTP thread. Thread-safe: every function may be called
// from any thread; libsodium is initialised once, on first use.
class PasswordHasher
{
public:
    // sodium_init(), once per process; false if libsodium cannot run here.
    static bool initialise();

    // The Argon2id string for password; nullopt if libsodium refused
    // (out of memory).
    static std::optional<QString> hash(const QString &password);
    // True when password matches the stored hash (any other string: false).
    static bool verify(const QString &storedHash, const QString &password);
    // Verifies password against a hash made once per process, and always
    // answers false: a login for a name without an account, or a refused one,
    // costs the same time as a real verification, so timing says nothing
    // about which names exist.
    static bool verifyDummy(const QString &password);
};
