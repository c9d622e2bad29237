#pragma once

#include <QByteArray>
#include <QString>

// Keeps secrets out of every log line: one process-wide Qt message handler
// that replaces the secrets it was told about (database passwords, the admin
// token) and anything that looks like one (password=..., user:pass@ in a URL,
// Bearer tokens, Authorization header values) with ***. It is the backstop
// behind the places that format settings for logs themselves
// (DatabaseSettings::redacted()), and it also covers what Qt and libpq print.
// It hands each scrubbed message to the handler installed before it: in the
// server that is LogFormat's, so text and JSON lines alike are scrubbed.
// Thread-safe: messages arrive from every thread.
class LogRedaction
{
public:
    // Installs the handler in front of the current one (once; later calls do nothing).
    static void install();
    // A value that must never appear in a log line. Values shorter than
    // kMinSecretLength are left to the patterns, lest every "a" in a log be starred.
    static void addSecret(const QString &secret);
    static void addSecret(const QByteArray &secret) { addSecret(QString::fromUtf8(secret)); }
    // Registers the secrets the environment holds (PGPASSWORD, BOXOFFICE_ADMIN_TOKEN,
    // the password of DATABASE_URL), before anything has parsed them.
    static void addSecretsFromEnvironment();
    // The text with every known secret and every secret-looking pattern replaced.
    static QString scrub(const QString &text);

    static constexpr int kMinSecretLength = 4;
};
