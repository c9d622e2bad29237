#pragma once

#include "notice.h"
#include "salestypes.h"
#include "show.h"

#include <QList>
#include <QObject>
#include <QString>

#include <optional>

class SalesApi;

// A sale at the counter without widgets: the show and its ticket categories,
// how many tickets of each, the running total, the payment method, the cash
// tendered and the change, the checks before sending (no tickets, too many,
// tendered below the total) and the sale itself, whose outcome becomes a
// Notice and a signal. All money is whole minor units: the total of 3 × 10.00
// is exactly 30.00.
//
// A sale that got no answer keeps its Idempotency-Key: the same sale sent
// again carries it, so a server that honours keys sells it once. Any change
// to the sale makes a new key. Lives in the GUI thread.
class SaleWorkflow : public QObject
{
    Q_OBJECT
public:
    // Why a sale cannot be sent yet; the view puts the focus where the fix is.
    enum class Problem
    {
        None,
        NoShow,
        NoTickets,
        TooManyTickets,
        TenderedBelowTotal,
        Busy, // a sale is on its way
    };
    Q_ENUM(Problem)

    explicit SaleWorkflow(SalesApi *api, QObject *parent = nullptr);

    // The show to sell; its categories are read from the server (GET /shows/:id).
    void selectShow(const Show &show);
    // The show with categories already known; the counts start at 0.
    void setShow(const Show &show, const QList<Api::TicketCategory> &categories);
    bool hasShow() const { return m_show.id > 0; }
    Show show() const { return m_show; }
    const QList<Api::TicketCategory> &categories() const { return m_categories; }

    void setCurrency(const QString &currency);
    QString currency() const { return m_currency; }
    QString money(qint64 minorUnits) const;
    // The server's max_seats_per_booking: more tickets are refused before sending.
    void setMaxTickets(int tickets) { m_maxTickets = tickets; }
    int maxTickets() const { return m_maxTickets; }
    // Only the bootstrap admin names a shift; everyone else sells on their own open one.
    void setShiftId(std::optional<qint64> shiftId) { m_shiftId = shiftId; }

    int count(int category) const { return m_counts.value(category); }
    int ticketCount() const;
    qint64 total() const { return totalOf(m_categories, m_counts); }
    static qint64 totalOf(const QList<Api::TicketCategory> &categories, const QList<int> &counts);

    Api::PaymentMethod paymentMethod() const { return m_method; }
    std::optional<qint64> tendered() const { return m_tendered; }
    // Cash back: tendered − total; none when nothing (or too little) was tendered.
    std::optional<qint64> change() const;

    Problem problem() const;
    // The sentence for problem(); empty when the sale may be sent.
    QString problemText() const;
    Api::SaleRequest request() const;
    bool isBusy() const { return m_busy; }

public slots:
    void setCount(int category, int count);
    void increment(int category) { setCount(category, count(category) + 1); }
    void decrement(int category) { setCount(category, count(category) - 1); }
    void setPaymentMethod(Api::PaymentMethod method);
    // None: cash handed over exactly (no "tendered" is sent).
    void setTendered(std::optional<qint64> tendered);
    void setCustomer(const QString &name);
    // Checks, then sends the sale; sold() or a Notice tells what came of it.
    void sell();
    // Back to no tickets, no tendered amount, cash: ready for the next customer.
    void clear();

signals:
    void categoriesChanged();
    // A count, the method or the tendered amount changed: the total, change or problem did.
    void changed();
    void notice(const Notice &notice);
    void busyChanged(bool busy);
    void sold(const Api::SaleBooking &booking);
    void saleFailed(SaleWorkflow::Problem problem);
    // The server refused with no_open_shift: worth offering "Open shift…".
    void shiftNeeded();

private:
    void say(Notice::Tone tone, const QString &text);
    void setBusy(bool busy);
    void attemptChanged();

    SalesApi *m_api;
    Show m_show;
    QList<Api::TicketCategory> m_categories;
    QList<int> m_counts; // by category index
    QString m_currency;
    QString m_customer;
    int m_maxTickets = 20;
    Api::PaymentMethod m_method = Api::PaymentMethod::Cash;
    std::optional<qint64> m_tendered;
    std::optional<qint64> m_shiftId;
    bool m_busy = false;
    quint64 m_showRequests = 0;  // a category answer for an older pick is dropped
    QByteArray m_idempotencyKey; // kept while the attempt it was made for is unanswered
};
