#pragma once

#include "result.h"

#include <QDateTime>
#include <QString>

class DatabaseSession;

// The rule against guessing passwords: maxFailures failed logins for one name
// (as typed, lower-cased, whether or not an account has it), each within
// windowSeconds of the one before, lock that name for lockSeconds; a good
// login or an admin's unlock clears the count. The counts live in
// login_failures, so every instance sees the same ones and a restart forgets
// nothing. Short-lived, on the worker thread that owns the session.
class LoginThrottle
{
public:
    struct Rule
    {
        int maxFailures = 5;
        int windowSeconds = 15 * 60;
        int lockSeconds = 15 * 60;
    };
    struct Failure
    {
        int failures = 0;
        bool lockedNow = false; // this failure started a lock
        QDateTime lockedUntil;  // invalid: not locked
    };

    // login_failures.username holds at most this many characters.
    static constexpr int kMaxKeyLength = 200;

    LoginThrottle(DatabaseSession &session, Rule rule) : m_session(session), m_rule(rule) {}

    // The name a failure is counted under: lower-cased, cut to kMaxKeyLength
    // code points (longer names can never be accounts). Empty for an empty name.
    static QString keyFor(const QString &typed);

    // Seconds left of the lock on key, 0 when it may try.
    Result<int> lockedForSeconds(const QString &key);
    Result<Failure> recordFailure(const QString &key);
    Result<bool> clear(const QString &key);

    const Rule &rule() const { return m_rule; }

private:
    DatabaseSession &m_session;
    Rule m_rule;
};
