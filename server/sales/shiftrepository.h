#pragma once

#include "audit/auditentry.h"
#include "result.h"

#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QString>

#include <optional>

class DatabaseSession;

// A clerk's till session (sql/021 shifts).
struct Shift
{
    qint64 id = 0;
    QString owner;
    QString clerk;
    qint64 openingFloat = 0;
    QDateTime openedAt;
    QDateTime closedAt; // invalid while open
    std::optional<qint64> countedCash;

    bool isOpen() const { return !closedAt.isValid(); }
    QJsonObject toJson() const;
};

// The SQL of the shifts table. Opening and closing write their audit row in
// the same statement.
class ShiftRepository
{
public:
    explicit ShiftRepository(DatabaseSession &session) : m_session(session) {}

    // ShiftAlreadyOpen when the owner has one open.
    Result<Shift> open(const QString &owner, const QString &clerk, qint64 openingFloat,
                       const AuditContext &who);
    // The owner's open shift, if any.
    Result<std::optional<Shift>> openShiftOf(const QString &owner);
    Result<Shift> find(qint64 id);
    // Newest first; every shift when owner is empty.
    Result<QList<Shift>> list(const QString &owner, int limit);
    // ShiftClosed when it was closed already. Waits for sales in flight into
    // it (they hold its row FOR SHARE), so the report sees them all.
    Result<Shift> close(qint64 id, qint64 countedCash, const AuditContext &who);

private:
    DatabaseSession &m_session;
};
