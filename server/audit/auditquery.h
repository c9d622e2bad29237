#pragma once

#include "auditentry.h"
#include "result.h"

#include <QDateTime>
#include <QList>
#include <QString>

#include <optional>

// What GET /admin/audit asks of the audit log: filters (each empty = any),
// a page size, and where the previous page ended. Pages are newest first and
// keyed on the row id, so rows appended meanwhile never shift a page.
struct AuditQuery
{
    static constexpr int kDefaultLimit = 100;
    static constexpr int kMaxLimit = 500;

    QString actor;
    QString action;     // "<area>.<verb>"
    QString targetType; // show, flag, booking, user, token
    QString targetId;   // only with targetType
    QDateTime since;    // inclusive; invalid = no bound
    QDateTime until;    // exclusive; invalid = no bound
    int limit = kDefaultLimit;
    std::optional<qint64> beforeId; // from the cursor: rows older than this one

    // The first filter that cannot be valid, naming its field, or nothing.
    std::optional<DomainError> check() const;

    // The cursor is opaque to clients; it names the last row of a page.
    static QString cursorAfter(qint64 id);
    static std::optional<qint64> idFromCursor(const QString &cursor);
    // "TYPE" or "TYPE:ID" as the target filter is written; false when malformed.
    bool setTarget(const QString &target);
};

// One row as read back.
struct AuditRecord
{
    qint64 id = 0;
    QDateTime at;
    AuditEntry entry;
};

struct AuditPage
{
    QList<AuditRecord> entries;   // newest first
    std::optional<qint64> nextId; // more rows are older than this one (the next cursor)
};
