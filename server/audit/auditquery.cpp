#include "auditquery.h"

#include <QRegularExpression>

namespace {
const QByteArray kCursorPrefix = "audit:";

DomainError fieldError(ErrorCode code, const QString &field, const QString &message)
{
    return {code, message, {{QStringLiteral("field"), field}}};
}
} // namespace

std::optional<DomainError> AuditQuery::check() const
{
    // The same shapes as audit_log's CHECK constraints: a filter that could
    // never match is a mistake worth saying, not an empty page.
    static const QRegularExpression actionShape(QStringLiteral("^[a-z_]+\\.[a-z_]+$"));
    static const QRegularExpression typeShape(QStringLiteral("^[a-z_]+$"));
    if (!actor.isNull() && (actor.isEmpty() || actor.size() > 200))
        return fieldError(ErrorCode::OutOfRange, QStringLiteral("actor"),
                          QStringLiteral("actor must be 1 to 200 characters long."));
    if (!action.isNull() && !actionShape.match(action).hasMatch())
        return fieldError(ErrorCode::InvalidField, QStringLiteral("action"),
                          QStringLiteral("action must look like area.verb (show.update)."));
    if (!targetType.isNull() &&
        (!typeShape.match(targetType).hasMatch() ||
         (!targetId.isNull() && (targetId.isEmpty() || targetId.size() > 200))))
        return fieldError(ErrorCode::InvalidField, QStringLiteral("target"),
                          QStringLiteral("target must be TYPE or TYPE:ID (booking:42)."));
    if (since.isValid() && until.isValid() && until < since)
        return fieldError(ErrorCode::OutOfRange, QStringLiteral("until"),
                          QStringLiteral("until must not be before since."));
    if (limit < 1 || limit > kMaxLimit)
        return fieldError(ErrorCode::OutOfRange, QStringLiteral("limit"),
                          QStringLiteral("limit must be between 1 and %1.").arg(kMaxLimit));
    if (beforeId && *beforeId < 1)
        return fieldError(ErrorCode::InvalidField, QStringLiteral("cursor"),
                          QStringLiteral("That cursor is not one this server gave out."));
    return std::nullopt;
}

bool AuditQuery::setTarget(const QString &target)
{
    const qsizetype colon = target.indexOf(QLatin1Char(':'));
    targetType = colon < 0 ? target : target.left(colon);
    targetId = colon < 0 ? QString() : target.mid(colon + 1);
    if (colon >= 0 && targetId.isNull())
        targetId = QLatin1String(""); // "booking:" names an empty id: refused by check()
    static const QRegularExpression typeShape(QStringLiteral("^[a-z_]+$"));
    return typeShape.match(targetType).hasMatch() &&
           (colon < 0 || (!targetId.isEmpty() && targetId.size() <= 200));
}

QString AuditQuery::cursorAfter(qint64 id)
{
    // Opaque so clients do not build cursors themselves; the shape may change.
    return QString::fromLatin1(
        (kCursorPrefix + QByteArray::number(id))
            .toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
}

std::optional<qint64> AuditQuery::idFromCursor(const QString &cursor)
{
    if (cursor.isEmpty() || cursor.size() > 64)
        return std::nullopt;
    const auto decoded = QByteArray::fromBase64Encoding(
        cursor.toLatin1(), QByteArray::Base64UrlEncoding | QByteArray::AbortOnBase64DecodingErrors);
    if (!decoded || !decoded.decoded.startsWith(kCursorPrefix))
        return std::nullopt;
    bool ok = false;
    const qint64 id = decoded.decoded.mid(kCursorPrefix.size()).toLongLong(&ok);
    if (!ok || id < 1)
        return std::nullopt;
    return id;
}
