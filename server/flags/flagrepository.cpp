#include "flagrepository.h"

#include "db/sqlrunner.h"
#include "db/sqlvalues.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace {
const QString kFlagColumns = QStringLiteral("key, value::text, %1, updated_by, version")
                                 .arg(SqlValues::epochMs(QStringLiteral("updated_at")));
const QString kListFlags =
    QStringLiteral("SELECT %1 FROM feature_flags ORDER BY key").arg(kFlagColumns);
const QString kFindFlag =
    QStringLiteral("SELECT %1 FROM feature_flags WHERE key = ?::text").arg(kFlagColumns);

const QString kResultColumns =
    QStringLiteral("outcome, flag_key, flag_value::text, %1, flag_updated_by, flag_version")
        .arg(SqlValues::epochMs(QStringLiteral("flag_updated_at")));
const QString kPutFlag =
    QStringLiteral("SELECT %1 FROM put_feature_flag(?::text, ?::jsonb, ?::text, ?::bigint)")
        .arg(kResultColumns);
const QString kDeleteFlag =
    QStringLiteral("SELECT %1 FROM delete_feature_flag(?::text, ?::text, ?::bigint)")
        .arg(kResultColumns);

// One round trip: the total comes with the page, and with one row of NULLs
// when the page is empty (an offset past the end still learns the total).
const QString kHistory =
    QStringLiteral("SELECT t.total, p.id, p.key, p.old_value::text, p.new_value::text,"
                   " p.changed_by, %1"
                   " FROM (SELECT count(*) AS total FROM feature_flag_history"
                   "       WHERE key = ?::text) t"
                   " LEFT JOIN LATERAL (SELECT * FROM feature_flag_history WHERE key = ?::text"
                   "       ORDER BY id DESC LIMIT ?::integer OFFSET ?::integer) p ON true"
                   " ORDER BY p.id DESC")
        .arg(SqlValues::epochMs(QStringLiteral("p.changed_at")));

FeatureFlag flagFromRow(const QSqlQuery &row, int first)
{
    FeatureFlag flag;
    flag.key = row.value(first).toString();
    flag.value = FlagRepository::fromJsonText(row.value(first + 1));
    flag.updatedAt = SqlValues::toUtc(row.value(first + 2));
    flag.updatedBy = row.value(first + 3).toString();
    flag.version = row.value(first + 4).toLongLong();
    return flag;
}

QVariant versionOrNull(std::optional<qint64> version)
{
    return version ? QVariant(*version) : QVariant(QMetaType::fromType<qlonglong>());
}

// The database's sentence in the API's style (as FlagRules words it): a
// capital first, unless it starts with the key (keys are case-sensitive), and
// a full stop last.
QString sentence(QString text, const QString &key)
{
    if (!text.isEmpty() && !text.startsWith(key))
        text[0] = text.at(0).toUpper();
    if (!text.endsWith(QLatin1Char('.')))
        text += QLatin1Char('.');
    return text;
}
} // namespace

QString FlagRepository::toJsonText(const QJsonValue &value)
{
    // QJsonDocument holds only objects and arrays: wrap, write, unwrap.
    const QByteArray wrapped = QJsonDocument(QJsonArray{value}).toJson(QJsonDocument::Compact);
    return QString::fromUtf8(wrapped.mid(1, wrapped.size() - 2));
}

QJsonValue FlagRepository::fromJsonText(const QVariant &text)
{
    if (text.isNull())
        return QJsonValue(QJsonValue::Undefined);
    // PostgreSQL's jsonb output is strict JSON already, so Qt's own reader
    // will do (the strict one is for untrusted bodies); wrapped, for scalars.
    const QJsonDocument wrapped = QJsonDocument::fromJson('[' + text.toString().toUtf8() + ']');
    return wrapped.isArray() && wrapped.array().size() == 1 ? wrapped.array().at(0)
                                                            : QJsonValue(QJsonValue::Undefined);
}

Result<QList<FeatureFlag>> FlagRepository::list()
{
    SqlRunner sql(m_session);
    QSqlQuery *query = sql.exec(kListFlags, {}, SqlRunner::Kind::Read);
    if (!query)
        return sql.toDomainError();
    QList<FeatureFlag> flags;
    while (query->next())
        flags << flagFromRow(*query, 0);
    return flags;
}

Result<std::optional<FeatureFlag>> FlagRepository::find(const QString &key)
{
    SqlRunner sql(m_session);
    QSqlQuery *query = sql.exec(kFindFlag, {key}, SqlRunner::Kind::Read);
    if (!query)
        return sql.toDomainError();
    if (!query->next())
        return std::optional<FeatureFlag>();
    return std::optional(flagFromRow(*query, 0));
}

Result<FlagRepository::Put> FlagRepository::put(const QString &key, const QJsonValue &value,
                                                const QString &actor,
                                                std::optional<qint64> expectedVersion)
{
    SqlRunner sql(m_session);
    QSqlQuery *query =
        sql.exec(kPutFlag, {key, toJsonText(value), actor, versionOrNull(expectedVersion)},
                 SqlRunner::Kind::Write);
    if (!query || !query->next())
        return sql.toDomainError();
    const QString outcome = query->value(0).toString();
    if (outcome == QLatin1String("invalid"))
        return Result<Put>::failure(ErrorCode::InvalidFlagValue,
                                    sentence(query->value(4).toString(), key),
                                    {{QStringLiteral("field"), QStringLiteral("value")}});
    Put put;
    put.flag = flagFromRow(*query, 1);
    if (outcome == QLatin1String("created"))
        put.outcome = PutOutcome::Created;
    else if (outcome == QLatin1String("updated"))
        put.outcome = PutOutcome::Updated;
    else if (outcome == QLatin1String("unchanged"))
        put.outcome = PutOutcome::Unchanged;
    else
        put.outcome = PutOutcome::VersionConflict;
    return put;
}

Result<FlagRepository::Removal> FlagRepository::remove(const QString &key, const QString &actor,
                                                       std::optional<qint64> expectedVersion)
{
    SqlRunner sql(m_session);
    QSqlQuery *query =
        sql.exec(kDeleteFlag, {key, actor, versionOrNull(expectedVersion)}, SqlRunner::Kind::Write);
    if (!query || !query->next())
        return sql.toDomainError();
    const QString outcome = query->value(0).toString();
    Removal removal;
    removal.flag = flagFromRow(*query, 1);
    if (outcome == QLatin1String("deleted"))
        removal.outcome = RemoveOutcome::Removed;
    else if (outcome == QLatin1String("not_found"))
        removal.outcome = RemoveOutcome::NotFound;
    else
        removal.outcome = RemoveOutcome::VersionConflict;
    return removal;
}

Result<FlagRepository::HistoryPage> FlagRepository::history(const QString &key, int limit,
                                                            int offset)
{
    SqlRunner sql(m_session);
    QSqlQuery *query = sql.exec(kHistory, {key, key, limit, offset}, SqlRunner::Kind::Read);
    if (!query)
        return sql.toDomainError();
    HistoryPage page;
    while (query->next()) {
        page.total = query->value(0).toLongLong();
        if (query->value(1).isNull())
            continue;
        FlagChange change;
        change.id = query->value(1).toLongLong();
        change.key = query->value(2).toString();
        change.oldValue = fromJsonText(query->value(3));
        change.newValue = fromJsonText(query->value(4));
        change.changedBy = query->value(5).toString();
        change.changedAt = SqlValues::toUtc(query->value(6));
        page.changes << change;
    }
    return page;
}
