#pragma once

#include "notice.h"
#include "result.h"
#include "shifttypes.h"

#include <QList>
#include <QObject>

#include <optional>

class SalesApi;

// The clerk's shift at the till, without widgets: knows the open shift (asked
// of the server, then kept from what opening and closing answer), opens one
// with a float, closes it with the cash counted, and fetches reports. Every
// outcome is a Notice plus a signal for the dialog that asked. Lives in the
// GUI thread.
class ShiftWorkflow : public QObject
{
    Q_OBJECT
public:
    explicit ShiftWorkflow(SalesApi *api, QObject *parent = nullptr);

    // The caller's open shift as last heard; none before the first answer too.
    std::optional<Api::Shift> current() const { return m_current; }
    bool isOpen() const { return m_current.has_value(); }
    // The server answered GET /shifts/current at least once.
    bool isKnown() const { return m_known; }
    bool isBusy() const { return m_busy; }
    // For the sentences: the server's currency (GET /config).
    void setCurrency(const QString &currency) { m_currency = currency; }

public slots:
    void refresh();
    void open(qint64 openingFloat);
    // Closes the current shift; closed() brings its report.
    void close(qint64 countedCash);
    void fetchReport(qint64 shiftId);
    void fetchShifts();
    // Logged out or another server: what was open there says nothing here.
    void forget();

signals:
    void currentChanged();
    void busyChanged(bool busy);
    void notice(const Notice &notice);
    void opened(const Api::Shift &shift);
    void closed(const Api::ShiftReport &report);
    void reportReady(const Api::ShiftReport &report);
    void shiftsReady(const QList<Api::Shift> &shifts);
    // An action was refused or got no answer (the notice says why).
    void failed();

private:
    void setCurrent(const std::optional<Api::Shift> &shift);
    void setBusy(bool busy);
    void refuse(const DomainError &error);

    SalesApi *m_api;
    QString m_currency;
    std::optional<Api::Shift> m_current;
    bool m_known = false;
    bool m_busy = false;
    quint64 m_generation = 0; // answers from before forget() are dropped
};
