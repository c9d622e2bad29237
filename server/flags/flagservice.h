#pragma once

#include "audit/auditentry.h"
#include "environmentflagoverrides.h"
#include "featureflag.h"
#include "flagevaluator.h"
#include "result.h"

#include <QList>
#include <QStringList>

#include <optional>

class DatabaseSession;

// The rules of managing feature flags: keys and values are checked
// (FlagRules), stored flags are combined with the environment overrides
// (EffectiveFlags), If-Match is honoured, and drafts are previewed. Reads come
// from the database, the truth, not from this server's snapshot. Knows nothing
// of HTTP; the SQL is the FlagRepository's.
//
// Short-lived like BookingService: one per operation on a worker thread, with
// that thread's DatabaseSession. The checks that need no database are static,
// so a controller refuses bad input before it takes a queue slot.
class FlagService
{
public:
    // If-Match: none, "*" (only if the flag exists), or a version (0 = only if absent).
    struct Precondition
    {
        enum class Kind
        {
            None,
            Exists,
            Version
        };
        Kind kind = Kind::None;
        qint64 version = 0;
    };
    struct Saved
    {
        EffectiveFlag flag;
        bool created = false;
    };
    struct HistoryQuery
    {
        QString key;
        int limit = kDefaultHistoryPage;
        int offset = 0;
    };
    struct HistoryPage
    {
        QList<FlagChange> changes; // newest first
        qint64 total = 0;
    };
    struct PreviewCommand
    {
        QString key;
        QStringList subjects;
        std::optional<QJsonValue> draft; // nullopt: the flag's effective value
    };
    struct PreviewedSubject
    {
        QString subject;
        FlagEvaluator::Evaluation evaluation;
    };
    struct Preview
    {
        QString key;
        std::optional<double> percent;
        QList<PreviewedSubject> subjects;
        int insideCount = 0;
    };

    static constexpr int kDefaultHistoryPage = 50;
    static constexpr int kMaxHistoryPage = 500;
    static constexpr int kMaxPreviewSubjects = 1000;

    FlagService(DatabaseSession &session, const EnvironmentFlagOverrides &overrides)
        : m_session(session), m_overrides(overrides)
    {
    }

    Result<QList<EffectiveFlag>> list();
    Result<EffectiveFlag> get(const QString &key);
    // who.actor is the flag's updated_by and its history's changed_by; the
    // change and its audit row (flag.put, flag.delete) commit together. An
    // unchanged value or a refused change records nothing.
    Result<Saved> put(const QString &key, const QJsonValue &value, const AuditContext &who,
                      const Precondition &precondition);
    // The flag as it was.
    Result<EffectiveFlag> remove(const QString &key, const AuditContext &who,
                                 const Precondition &precondition);
    Result<HistoryPage> history(const HistoryQuery &query);
    Result<Preview> preview(const PreviewCommand &command);

    static std::optional<DomainError> checkKey(const QString &key);
    static std::optional<DomainError> checkPut(const QString &key, const QJsonValue &value);
    static std::optional<DomainError> check(const HistoryQuery &query);
    static std::optional<DomainError> check(const PreviewCommand &command);
    // Evaluates value (valid for key) for each subject; no database.
    static Preview evaluate(const QString &key, const QJsonValue &value,
                            const QStringList &subjects);

private:
    Result<std::optional<EffectiveFlag>> find(const QString &key);

    DatabaseSession &m_session;
    const EnvironmentFlagOverrides &m_overrides;
};
