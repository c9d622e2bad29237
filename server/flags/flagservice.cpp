#include "flagservice.h"

#include "audit/auditrepository.h"
#include "db/transaction.h"
#include "effectiveflags.h"
#include "flagrepository.h"
#include "flagrules.h"

namespace {
DomainError notFound(const QString &key)
{
    return {ErrorCode::FlagNotFound, QStringLiteral("There is no feature flag %1.").arg(key)};
}

DomainError conflict(qint64 current)
{
    return {ErrorCode::VersionConflict,
            current == 0
                ? QStringLiteral("The flag does not exist, so If-Match cannot match it.")
                : QStringLiteral("The flag is at version %1 now, not the one If-Match names.")
                      .arg(current),
            {{QStringLiteral("current_version"), current}}};
}

DomainError unavailable()
{
    return {ErrorCode::DatabaseUnavailable,
            QStringLiteral("The database is unavailable; try again shortly."),
            {}};
}

AuditEntry flagEntry(const AuditContext &who, const QString &action, const QString &key)
{
    AuditEntry entry;
    entry.context = who;
    entry.action = action;
    entry.targetType = QStringLiteral("flag");
    entry.targetId = key;
    return entry;
}

QJsonObject valueObject(const QJsonValue &value)
{
    return {{QStringLiteral("value"), value}};
}

DomainError fieldError(ErrorCode code, const QString &field, const QString &message)
{
    return {code, message, {{QStringLiteral("field"), field}}};
}
} // namespace

std::optional<DomainError> FlagService::checkKey(const QString &key)
{
    return FlagRules::checkKey(key);
}

std::optional<DomainError> FlagService::checkPut(const QString &key, const QJsonValue &value)
{
    if (auto error = FlagRules::checkKey(key))
        return error;
    return FlagRules::checkValue(key, value);
}

std::optional<DomainError> FlagService::check(const HistoryQuery &query)
{
    if (auto error = FlagRules::checkKey(query.key))
        return error;
    if (query.limit < 1 || query.limit > kMaxHistoryPage)
        return fieldError(ErrorCode::OutOfRange, QStringLiteral("limit"),
                          QStringLiteral("limit must be between 1 and %1.").arg(kMaxHistoryPage));
    if (query.offset < 0)
        return fieldError(ErrorCode::OutOfRange, QStringLiteral("offset"),
                          QStringLiteral("offset must be 0 or more."));
    return std::nullopt;
}

std::optional<DomainError> FlagService::check(const PreviewCommand &command)
{
    if (auto error = FlagRules::checkKey(command.key))
        return error;
    const QString field = QStringLiteral("subjects");
    if (command.subjects.isEmpty() || command.subjects.size() > kMaxPreviewSubjects)
        return fieldError(
            ErrorCode::OutOfRange, field,
            QStringLiteral("subjects must list 1 to %1 subjects.").arg(kMaxPreviewSubjects));
    for (const QString &subject : command.subjects) {
        const qsizetype length = subject.toUcs4().size();
        if (length < 1 || length > FlagRules::kMaxSubjectLength)
            return fieldError(ErrorCode::OutOfRange, field,
                              QStringLiteral("Each subject must be 1 to %1 characters long.")
                                  .arg(FlagRules::kMaxSubjectLength));
    }
    if (command.draft)
        return FlagRules::checkValue(command.key, *command.draft);
    return std::nullopt;
}

FlagService::Preview FlagService::evaluate(const QString &key, const QJsonValue &value,
                                           const QStringList &subjects)
{
    Preview preview;
    preview.key = key;
    preview.percent = FlagEvaluator::percentOf(value);
    for (const QString &subject : subjects) {
        PreviewedSubject previewed{subject, FlagEvaluator::evaluate(key, value, subject)};
        if (previewed.evaluation.inside)
            ++preview.insideCount;
        preview.subjects << previewed;
    }
    return preview;
}

Result<std::optional<EffectiveFlag>> FlagService::find(const QString &key)
{
    const auto stored = FlagRepository(m_session).find(key);
    if (!stored)
        return stored.error();
    return EffectiveFlags::composeOne(key, *stored, m_overrides);
}

Result<QList<EffectiveFlag>> FlagService::list()
{
    const auto stored = FlagRepository(m_session).list();
    if (!stored)
        return stored.error();
    return EffectiveFlags::compose(*stored, m_overrides).values();
}

Result<EffectiveFlag> FlagService::get(const QString &key)
{
    if (auto error = checkKey(key))
        return *error;
    const auto flag = find(key);
    if (!flag)
        return flag.error();
    if (!*flag)
        return notFound(key);
    return **flag;
}

Result<FlagService::Saved> FlagService::put(const QString &key, const QJsonValue &value,
                                            const AuditContext &who,
                                            const Precondition &precondition)
{
    if (auto error = checkPut(key, value))
        return *error;
    std::optional<qint64> expected;
    if (precondition.kind == Precondition::Kind::Version)
        expected = precondition.version;
    else if (precondition.kind == Precondition::Kind::Exists)
        expected = FlagRepository::kMustExist;
    Transaction transaction(m_session);
    if (!transaction.isActive())
        return unavailable();
    FlagRepository flags(m_session);
    const auto put = flags.put(key, value, who.actor, expected);
    if (!put)
        return put.error();
    if (put->outcome == FlagRepository::PutOutcome::VersionConflict)
        return conflict(put->flag.version);
    if (put->outcome != FlagRepository::PutOutcome::Unchanged) {
        AuditEntry entry = flagEntry(who, QStringLiteral("flag.put"), key);
        entry.after = valueObject(put->flag.value);
        if (put->outcome == FlagRepository::PutOutcome::Updated) {
            // The flag's row lock is ours until commit, so its newest history
            // row is the one this put just wrote: the old value, exactly.
            const auto last = flags.history(key, 1, 0);
            if (!last)
                return last.error();
            if (!last->changes.isEmpty())
                entry.before = valueObject(last->changes.first().oldValue);
        }
        if (const auto logged = AuditRepository(m_session).append(entry); !logged)
            return logged.error();
    }
    if (!transaction.commit())
        return unavailable();
    const auto flag = EffectiveFlags::composeOne(key, put->flag, m_overrides);
    return Saved{*flag, put->outcome == FlagRepository::PutOutcome::Created};
}

Result<EffectiveFlag> FlagService::remove(const QString &key, const AuditContext &who,
                                          const Precondition &precondition)
{
    if (auto error = checkKey(key))
        return *error;
    // "*" asks only that the flag exists, as deleting it does anyway; a
    // missing flag is 404 whatever If-Match says (RFC 9110 13.2.1).
    std::optional<qint64> expected;
    if (precondition.kind == Precondition::Kind::Version)
        expected = precondition.version;
    Transaction transaction(m_session);
    if (!transaction.isActive())
        return unavailable();
    const auto removal = FlagRepository(m_session).remove(key, who.actor, expected);
    if (!removal)
        return removal.error();
    switch (removal->outcome) {
    case FlagRepository::RemoveOutcome::NotFound:
        return notFound(key);
    case FlagRepository::RemoveOutcome::VersionConflict:
        return conflict(removal->flag.version);
    case FlagRepository::RemoveOutcome::Removed:
        break;
    }
    AuditEntry entry = flagEntry(who, QStringLiteral("flag.delete"), key);
    entry.before = valueObject(removal->flag.value);
    if (const auto logged = AuditRepository(m_session).append(entry); !logged)
        return logged.error();
    if (!transaction.commit())
        return unavailable();
    return *EffectiveFlags::composeOne(key, removal->flag, m_overrides);
}

Result<FlagService::HistoryPage> FlagService::history(const HistoryQuery &query)
{
    if (auto error = check(query))
        return *error;
    const auto page = FlagRepository(m_session).history(query.key, query.limit, query.offset);
    if (!page)
        return page.error();
    if (page->total == 0) {
        const auto flag = find(query.key);
        if (!flag)
            return flag.error();
        if (!*flag)
            return notFound(query.key);
    }
    return HistoryPage{page->changes, page->total};
}

Result<FlagService::Preview> FlagService::preview(const PreviewCommand &command)
{
    if (auto error = check(command))
        return *error;
    QJsonValue value;
    if (command.draft) {
        value = *command.draft;
    } else {
        const auto flag = find(command.key);
        if (!flag)
            return flag.error();
        if (!*flag)
            return notFound(command.key);
        value = (*flag)->effective;
    }
    return evaluate(command.key, value, command.subjects);
}
