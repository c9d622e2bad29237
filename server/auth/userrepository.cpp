#include "userrepository.h"

#include "db/sqlrunner.h"
#include "db/sqlvalues.h"

namespace {
using SqlValues::epochMs;

// A user row and its failures; locked_until only while it is in the future.
const QString kUserColumns =
    QStringLiteral("u.id, u.username, u.role, u.disabled, %1, %2, %3, coalesce(f.failures, 0), "
                   "CASE WHEN f.locked_until > now() THEN %4 END")
        .arg(epochMs(QStringLiteral("u.created_at")), epochMs(QStringLiteral("u.updated_at")),
             epochMs(QStringLiteral("u.password_changed_at")),
             epochMs(QStringLiteral("f.locked_until")));
const QString kUserFrom =
    QStringLiteral(" FROM staff_users u LEFT JOIN login_failures f ON f.username = u.username");

const QString kList =
    QStringLiteral("SELECT %1%2 ORDER BY u.username").arg(kUserColumns, kUserFrom);
const QString kFind =
    QStringLiteral("SELECT %1%2 WHERE u.id = ?::bigint").arg(kUserColumns, kUserFrom);
// FOR UPDATE OF u: the failures row is not ours to lock.
const QString kFindForUpdate = QStringLiteral("SELECT %1%2 WHERE u.id = ?::bigint FOR UPDATE OF u")
                                   .arg(kUserColumns, kUserFrom);
const QString kFindCredentials =
    QStringLiteral("SELECT %1, u.password_hash%2 WHERE u.username = ?::text")
        .arg(kUserColumns, kUserFrom);
const QString kInsert = QStringLiteral(
    "INSERT INTO staff_users (username, role, password_hash) VALUES (?::text, ?::text, ?::text) "
    "RETURNING id");
const QString kUpdate = QStringLiteral(
    "UPDATE staff_users SET role = ?::text, disabled = ?::boolean, updated_at = now() "
    "WHERE id = ?::bigint");
const QString kSetPassword =
    QStringLiteral("UPDATE staff_users SET password_hash = ?::text, password_changed_at = now(), "
                   "updated_at = now() WHERE id = ?::bigint");
const QString kRevokeSessions = QStringLiteral(
    "UPDATE auth_tokens SET revoked_at = now() WHERE user_id = ?::bigint AND revoked_at IS NULL");
// Any constant will do, as long as every last-admin check takes the same one.
const QString kLockAdmins = QStringLiteral("SELECT pg_advisory_xact_lock(1301)");
// A statement of its own after the lock, so its snapshot sees what the
// transaction we waited for committed.
const QString kCountAdmins =
    QStringLiteral("SELECT count(*) FROM staff_users WHERE role = 'admin' AND NOT disabled");

const QString kLockedFor = QStringLiteral(
    "SELECT ceil(extract(epoch FROM locked_until - now()))::integer FROM login_failures "
    "WHERE username = ?::text AND locked_until > now()");
// The run restarts after a quiet window or an ended lock; the expression is
// written twice because SET cannot read another SET's new value.
const QString kRestartsRun = QStringLiteral(
    "(f.last_failure_at < now() - ?::integer * interval '1 second' OR f.locked_until <= now())");
const QString kRecordFailure =
    QStringLiteral(
        "INSERT INTO login_failures AS f (username, failures, last_failure_at, locked_until) "
        "VALUES (?::text, 1, now(), CASE WHEN 1 >= ?::integer "
        "THEN now() + ?::integer * interval '1 second' END) "
        "ON CONFLICT (username) DO UPDATE SET "
        "failures = CASE WHEN %1 THEN 1 ELSE f.failures + 1 END, "
        "last_failure_at = now(), "
        "locked_until = CASE WHEN (CASE WHEN %1 THEN 1 ELSE f.failures + 1 END) >= ?::integer "
        "THEN now() + ?::integer * interval '1 second' END "
        "RETURNING failures, %2")
        .arg(kRestartsRun, epochMs(QStringLiteral("locked_until")));
const QString kClearFailures =
    QStringLiteral("DELETE FROM login_failures WHERE username = ?::text");

StaffUser userFromRow(const QSqlQuery &row)
{
    StaffUser user;
    user.id = row.value(0).toLongLong();
    user.username = row.value(1).toString();
    user.role = staffRoleFromName(row.value(2).toString()).value_or(StaffRole::Clerk);
    user.disabled = row.value(3).toBool();
    user.createdAt = SqlValues::toUtc(row.value(4));
    user.updatedAt = SqlValues::toUtc(row.value(5));
    user.passwordChangedAt = SqlValues::toUtc(row.value(6));
    user.failedLogins = row.value(7).toInt();
    user.lockedUntil = SqlValues::toUtc(row.value(8));
    return user;
}
} // namespace

Result<QList<StaffUser>> UserRepository::list()
{
    SqlRunner sql(m_session);
    QSqlQuery *query = sql.exec(kList, {}, SqlRunner::Kind::Read);
    if (!query)
        return sql.toDomainError();
    QList<StaffUser> users;
    while (query->next())
        users << userFromRow(*query);
    return users;
}

Result<std::optional<StaffUser>> UserRepository::find(qint64 id, bool forUpdate)
{
    SqlRunner sql(m_session);
    QSqlQuery *query = sql.exec(forUpdate ? kFindForUpdate : kFind, {id}, SqlRunner::Kind::Read);
    if (!query)
        return sql.toDomainError();
    if (!query->next())
        return std::optional<StaffUser>();
    return std::optional(userFromRow(*query));
}

Result<std::optional<UserRepository::Credentials>>
UserRepository::findCredentials(const QString &username)
{
    SqlRunner sql(m_session);
    QSqlQuery *query = sql.exec(kFindCredentials, {username}, SqlRunner::Kind::Read);
    if (!query)
        return sql.toDomainError();
    if (!query->next())
        return std::optional<Credentials>();
    return std::optional(Credentials{userFromRow(*query), query->value(9).toString()});
}

Result<StaffUser> UserRepository::insert(const QString &username, StaffRole role,
                                         const QString &passwordHash)
{
    SqlRunner sql(m_session);
    QSqlQuery *query =
        sql.exec(kInsert, {username, staffRoleName(role), passwordHash}, SqlRunner::Kind::Write);
    if (!query || !query->next()) {
        if (sql.failure() == SqlFailure::UniqueViolation)
            return Result<StaffUser>::failure(
                ErrorCode::UsernameTaken,
                QStringLiteral("There is already a user named %1.").arg(username),
                {{QStringLiteral("field"), QStringLiteral("username")}});
        return sql.toDomainError();
    }
    const auto user = find(query->value(0).toLongLong());
    if (!user)
        return user.error();
    if (!*user)
        return Result<StaffUser>::failure(ErrorCode::Internal,
                                          QStringLiteral("the new user was not found"));
    return **user;
}

Result<bool> UserRepository::update(qint64 id, StaffRole role, bool disabled)
{
    SqlRunner sql(m_session);
    QSqlQuery *query =
        sql.exec(kUpdate, {staffRoleName(role), disabled, id}, SqlRunner::Kind::Write);
    if (!query)
        return sql.toDomainError();
    return query->numRowsAffected() == 1;
}

Result<bool> UserRepository::setPasswordHash(qint64 id, const QString &passwordHash)
{
    SqlRunner sql(m_session);
    QSqlQuery *query = sql.exec(kSetPassword, {passwordHash, id}, SqlRunner::Kind::Write);
    if (!query)
        return sql.toDomainError();
    return query->numRowsAffected() == 1;
}

Result<int> UserRepository::revokeSessions(qint64 userId)
{
    SqlRunner sql(m_session);
    QSqlQuery *query = sql.exec(kRevokeSessions, {userId}, SqlRunner::Kind::Write);
    if (!query)
        return sql.toDomainError();
    return query->numRowsAffected();
}

Result<int> UserRepository::lockAndCountEnabledAdmins()
{
    SqlRunner sql(m_session);
    if (!sql.exec(kLockAdmins, {}, SqlRunner::Kind::Write))
        return sql.toDomainError();
    QSqlQuery *query = sql.exec(kCountAdmins, {}, SqlRunner::Kind::Read);
    if (!query || !query->next())
        return sql.toDomainError();
    return query->value(0).toInt();
}

Result<int> UserRepository::lockedForSeconds(const QString &name)
{
    SqlRunner sql(m_session);
    QSqlQuery *query = sql.exec(kLockedFor, {name}, SqlRunner::Kind::Read);
    if (!query)
        return sql.toDomainError();
    return query->next() ? qMax(1, query->value(0).toInt()) : 0;
}

Result<UserRepository::Failures> UserRepository::recordFailure(const QString &name, int maxFailures,
                                                               int windowSeconds, int lockSeconds)
{
    SqlRunner sql(m_session);
    QSqlQuery *query = sql.exec(
        kRecordFailure,
        {name, maxFailures, lockSeconds, windowSeconds, windowSeconds, maxFailures, lockSeconds},
        SqlRunner::Kind::Write);
    if (!query || !query->next())
        return sql.toDomainError();
    return Failures{query->value(0).toInt(), SqlValues::toUtc(query->value(1))};
}

Result<bool> UserRepository::clearFailures(const QString &name)
{
    SqlRunner sql(m_session);
    QSqlQuery *query = sql.exec(kClearFailures, {name}, SqlRunner::Kind::Write);
    if (!query)
        return sql.toDomainError();
    return query->numRowsAffected() > 0;
}
