#pragma once

#include "featureflag.h"
#include "result.h"

#include <QList>

#include <optional>

class DatabaseSession;

// The SQL of feature_flags and feature_flag_history. Writes go through
// put_feature_flag()/delete_feature_flag() (sql/005), which take the row lock,
// judge If-Match and stamp the actor in one round trip; the triggers record
// history and NOTIFY boxoffice_flags. JSON travels as text (cast to jsonb on
// the way in), so top-level scalars survive both ways.
//
// Used on the thread that owns the session, like the session itself.
class FlagRepository
{
public:
    enum class PutOutcome
    {
        Created,
        Updated,
        Unchanged, // the same value: no new version, no history, no notification
        VersionConflict,
    };
    struct Put
    {
        PutOutcome outcome = PutOutcome::Created;
        // The flag now; on a conflict the flag as it is (version 0 when absent).
        FeatureFlag flag;
    };
    enum class RemoveOutcome
    {
        Removed,
        NotFound,
        VersionConflict,
    };
    struct Removal
    {
        RemoveOutcome outcome = RemoveOutcome::Removed;
        // Removed: the flag as it was; VersionConflict: the flag as it is.
        FeatureFlag flag;
    };
    struct HistoryPage
    {
        QList<FlagChange> changes; // newest first
        qint64 total = 0;          // across all pages
    };

    explicit FlagRepository(DatabaseSession &session) : m_session(session) {}

    // Every stored flag, sorted by key.
    Result<QList<FeatureFlag>> list();
    Result<std::optional<FeatureFlag>> find(const QString &key);
    // expectedVersion: nullopt = whatever is there, kMustExist = only if it
    // exists, 0 = only if absent, n = only at version n (sql/006's put_feature_flag).
    static constexpr qint64 kMustExist = -1;
    // A value the database refuses (a writer around the service's checks) is
    // InvalidFlagValue with the database's words.
    Result<Put> put(const QString &key, const QJsonValue &value, const QString &actor,
                    std::optional<qint64> expectedVersion);
    Result<Removal> remove(const QString &key, const QString &actor,
                           std::optional<qint64> expectedVersion);
    Result<HistoryPage> history(const QString &key, int limit, int offset);

    // A JSON value as text for SQL, and back (any top-level value).
    static QString toJsonText(const QJsonValue &value);
    static QJsonValue fromJsonText(const QVariant &text);

private:
    DatabaseSession &m_session;
};
