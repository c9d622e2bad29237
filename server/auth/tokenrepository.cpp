#include "tokenrepository.h"

#include "db/sqlrunner.h"
#include "db/sqlvalues.h"

#include <QStringList>

namespace {
// One column list for every read, so each query maps rows the same way. The
// user is joined for a session's username and for a disabled account, which
// counts as revoked even if a revocation was somehow missed.
QString selectFrom(const QString &source)
{
    return QStringLiteral("SELECT t.id, t.kind, t.user_id, u.username, coalesce(u.disabled, false),"
                          " t.name, t.role, t.created_by, %1, %2, %3, %4"
                          " FROM %5 t LEFT JOIN staff_users u ON u.id = t.user_id")
        .arg(SqlValues::epochMs(QStringLiteral("t.created_at")),
             SqlValues::epochMs(QStringLiteral("t.expires_at")),
             SqlValues::epochMs(QStringLiteral("t.revoked_at")),
             SqlValues::epochMs(QStringLiteral("t.last_used_at")), source);
}

// Inserts and revocations read the row back in the same statement (one round trip).
const QString kInsertSession =
    QStringLiteral("WITH t AS (INSERT INTO auth_tokens (kind, token_hash, user_id, role, "
                   "created_by, expires_at) VALUES ('session', ?::bytea, ?::bigint, ?::text, "
                   "?::text, to_timestamp(?::bigint / 1000.0)) RETURNING *) ") +
    selectFrom(QStringLiteral("t"));
const QString kInsertApi =
    QStringLiteral("WITH t AS (INSERT INTO auth_tokens (kind, token_hash, name, role, created_by, "
                   "expires_at) VALUES ('api', ?::bytea, ?::text, ?::text, ?::text, "
                   "to_timestamp(?::bigint / 1000.0)) RETURNING *) ") +
    selectFrom(QStringLiteral("t"));
const QString kFindByDigest =
    selectFrom(QStringLiteral("auth_tokens")) + QStringLiteral(" WHERE t.token_hash = ?::bytea");
const QString kFindById =
    selectFrom(QStringLiteral("auth_tokens")) + QStringLiteral(" WHERE t.id = ?::bigint");
const QString kFindByIds =
    selectFrom(QStringLiteral("auth_tokens")) + QStringLiteral(" WHERE t.id = ANY (?::bigint[])");
const QString kListApi = selectFrom(QStringLiteral("auth_tokens")) +
                         QStringLiteral(" WHERE t.kind = 'api' ORDER BY t.id DESC");
// Only a live token is revoked, so revoked_at keeps the first revocation's time.
const QString kRevoke = QStringLiteral("WITH t AS (UPDATE auth_tokens SET revoked_at = now()"
                                       " WHERE id = ?::bigint AND revoked_at IS NULL"
                                       " AND (?::text IS NULL OR kind = ?::text) RETURNING *) ") +
                        selectFrom(QStringLiteral("t"));
const QString kRevokeSessionsOf =
    QStringLiteral("UPDATE auth_tokens SET revoked_at = now() WHERE user_id = ?::bigint"
                   " AND kind = 'session' AND revoked_at IS NULL");
const QString kTouch =
    QStringLiteral("UPDATE auth_tokens SET last_used_at = now() WHERE id = ANY (?::bigint[])");

QString kindName(AuthToken::Kind kind)
{
    return kind == AuthToken::Kind::Session ? QStringLiteral("session") : QStringLiteral("api");
}

// A PostgreSQL array literal of ids: "{1,2,3}".
QString idArray(const QList<qint64> &ids)
{
    QStringList texts;
    for (qint64 id : ids)
        texts << QString::number(id);
    return QLatin1Char('{') + texts.join(QLatin1Char(',')) + QLatin1Char('}');
}

QVariant epochOrNull(const QDateTime &time)
{
    return time.isValid() ? QVariant(time.toMSecsSinceEpoch())
                          : QVariant(QMetaType::fromType<qlonglong>());
}

AuthToken tokenFromRow(const QSqlQuery &row)
{
    AuthToken token;
    token.id = row.value(0).toLongLong();
    token.kind = row.value(1).toString() == QLatin1String("session") ? AuthToken::Kind::Session
                                                                     : AuthToken::Kind::Api;
    token.userId = row.value(2).isNull() ? 0 : row.value(2).toLongLong();
    token.username = row.value(3).toString();
    token.userDisabled = row.value(4).toBool();
    token.name = row.value(5).toString();
    // The table's CHECK allows only these names; an unknown one would be a
    // schema change this build does not know, and gets the least power.
    token.role = staffRoleFromName(row.value(6).toString()).value_or(StaffRole::Shop);
    token.createdBy = row.value(7).toString();
    token.createdAt = SqlValues::toUtc(row.value(8));
    token.expiresAt = SqlValues::toUtc(row.value(9));
    token.revokedAt = SqlValues::toUtc(row.value(10));
    token.lastUsedAt = SqlValues::toUtc(row.value(11));
    return token;
}
} // namespace

Result<std::optional<AuthToken>> TokenRepository::findOne(const QString &sql,
                                                          const QVariantList &binds)
{
    auto many = findMany(sql, binds);
    if (!many)
        return many.error();
    if (many->isEmpty())
        return std::optional<AuthToken>();
    return std::optional<AuthToken>(many->constFirst());
}

Result<QList<AuthToken>> TokenRepository::findMany(const QString &sql, const QVariantList &binds)
{
    SqlRunner runner(m_session);
    // Inserts and revocations go through here too: those must not be retried.
    const bool write = sql.startsWith(QLatin1String("WITH"));
    QSqlQuery *query =
        runner.exec(sql, binds, write ? SqlRunner::Kind::Write : SqlRunner::Kind::Read);
    if (!query)
        return runner.toDomainError();
    QList<AuthToken> tokens;
    while (query->next())
        tokens << tokenFromRow(*query);
    return tokens;
}

Result<AuthToken> TokenRepository::insertSession(const QByteArray &digest, qint64 userId,
                                                 StaffRole role, const QString &createdBy,
                                                 const QDateTime &expiresAt)
{
    auto inserted = findOne(
        kInsertSession, {digest, userId, staffRoleName(role), createdBy, epochOrNull(expiresAt)});
    if (!inserted)
        return inserted.error();
    if (!*inserted)
        return Result<AuthToken>::failure(ErrorCode::Internal,
                                          QStringLiteral("the session was not stored"));
    return **inserted;
}

Result<AuthToken> TokenRepository::insertApi(const QByteArray &digest, const QString &name,
                                             StaffRole role, const QString &createdBy,
                                             const QDateTime &expiresAt)
{
    auto inserted =
        findOne(kInsertApi, {digest, name, staffRoleName(role), createdBy, epochOrNull(expiresAt)});
    if (!inserted)
        return inserted.error();
    if (!*inserted)
        return Result<AuthToken>::failure(ErrorCode::Internal,
                                          QStringLiteral("the token was not stored"));
    return **inserted;
}

Result<std::optional<AuthToken>> TokenRepository::findByDigest(const QByteArray &digest)
{
    return findOne(kFindByDigest, {digest});
}

Result<std::optional<AuthToken>> TokenRepository::findById(qint64 id)
{
    return findOne(kFindById, {id});
}

Result<QList<AuthToken>> TokenRepository::findByIds(const QList<qint64> &ids)
{
    if (ids.isEmpty())
        return QList<AuthToken>();
    return findMany(kFindByIds, {idArray(ids)});
}

Result<QList<AuthToken>> TokenRepository::listApi()
{
    return findMany(kListApi, {});
}

Result<std::optional<AuthToken>> TokenRepository::revoke(qint64 id,
                                                         std::optional<AuthToken::Kind> kind)
{
    const QVariant kindText = kind ? QVariant(kindName(*kind)) : SqlValues::nullText();
    return findOne(kRevoke, {id, kindText, kindText});
}

Result<int> TokenRepository::revokeSessionsOf(qint64 userId)
{
    SqlRunner runner(m_session);
    QSqlQuery *query = runner.exec(kRevokeSessionsOf, {userId}, SqlRunner::Kind::Write);
    if (!query)
        return runner.toDomainError();
    return query->numRowsAffected();
}

Result<int> TokenRepository::touch(const QList<qint64> &ids)
{
    if (ids.isEmpty())
        return 0;
    SqlRunner runner(m_session);
    QSqlQuery *query = runner.exec(kTouch, {idArray(ids)}, SqlRunner::Kind::Write);
    if (!query)
        return runner.toDomainError();
    return query->numRowsAffected();
}
