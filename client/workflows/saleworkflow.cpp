#include "saleworkflow.h"

#include "apierror.h"
#include "money.h"
#include "salemessage.h"
#include "salesapi.h"

#include <QUuid>

#include <numeric>

namespace {
constexpr int kMaxPerCategory = 999;
}

SaleWorkflow::SaleWorkflow(SalesApi *api, QObject *parent) : QObject(parent), m_api(api) {}

void SaleWorkflow::selectShow(const Show &show)
{
    // Sold with the implicit category until the server says which it has.
    setShow(show, {Api::TicketCategory::standard()});
    const quint64 request = ++m_showRequests;
    m_api->pricedShow(show.id, this, [this, request](const Result<Api::PricedShow> &answer) {
        if (request != m_showRequests)
            return;
        if (!answer) {
            say(Notice::Tone::Warning,
                tr("Could not read the prices of %1: %2")
                    .arg(m_show.name, SaleMessage::forError(answer.error())));
            return;
        }
        // Counts typed meanwhile are kept where the category is still there.
        QList<int> counts(answer->categories.size(), 0);
        for (int i = 0; i < answer->categories.size(); ++i) {
            for (int j = 0; j < m_categories.size(); ++j) {
                if (m_categories.at(j).code == answer->categories.at(i).code)
                    counts[i] = m_counts.value(j);
            }
        }
        m_show = answer->show;
        m_categories = answer->categories;
        m_counts = counts;
        attemptChanged();
        emit categoriesChanged();
        emit changed();
    });
}

void SaleWorkflow::setShow(const Show &show, const QList<Api::TicketCategory> &categories)
{
    ++m_showRequests;
    m_show = show;
    m_categories = categories.isEmpty() ? QList{Api::TicketCategory::standard()} : categories;
    m_counts = QList<int>(m_categories.size(), 0);
    attemptChanged();
    emit categoriesChanged();
    emit changed();
}

void SaleWorkflow::setCurrency(const QString &currency)
{
    if (currency == m_currency)
        return;
    m_currency = currency;
    emit changed();
}

QString SaleWorkflow::money(qint64 minorUnits) const
{
    return Api::Money::format(minorUnits, m_currency);
}

int SaleWorkflow::ticketCount() const
{
    return std::accumulate(m_counts.cbegin(), m_counts.cend(), 0);
}

qint64 SaleWorkflow::totalOf(const QList<Api::TicketCategory> &categories, const QList<int> &counts)
{
    qint64 total = 0;
    for (int i = 0; i < categories.size() && i < counts.size(); ++i)
        total += qint64(counts.at(i)) * categories.at(i).price;
    return total;
}

std::optional<qint64> SaleWorkflow::change() const
{
    if (m_method != Api::PaymentMethod::Cash || !m_tendered || *m_tendered < total())
        return std::nullopt;
    return *m_tendered - total();
}

SaleWorkflow::Problem SaleWorkflow::problem() const
{
    if (m_busy)
        return Problem::Busy;
    if (!hasShow())
        return Problem::NoShow;
    const int tickets = ticketCount();
    if (tickets == 0)
        return Problem::NoTickets;
    if (tickets > m_maxTickets)
        return Problem::TooManyTickets;
    if (m_method == Api::PaymentMethod::Cash && m_tendered && *m_tendered < total())
        return Problem::TenderedBelowTotal;
    return Problem::None;
}

QString SaleWorkflow::problemText() const
{
    switch (problem()) {
    case Problem::None:
        break;
    case Problem::NoShow:
        return tr("Pick a show first.");
    case Problem::NoTickets:
        return tr("Add at least one ticket.");
    case Problem::TooManyTickets:
        return tr("At most %1 per sale; %2 are counted.")
            .arg(SaleMessage::tickets(m_maxTickets))
            .arg(ticketCount());
    case Problem::TenderedBelowTotal:
        return tr("Tendered %1 is below the total %2.").arg(money(*m_tendered), money(total()));
    case Problem::Busy:
        return tr("The last sale is still on its way.");
    }
    return {};
}

Api::SaleRequest SaleWorkflow::request() const
{
    Api::SaleRequest sale;
    sale.showId = m_show.id;
    sale.userName = m_customer;
    for (int i = 0; i < m_categories.size(); ++i) {
        if (m_counts.value(i) > 0)
            sale.tickets.append({m_categories.at(i).code, m_counts.value(i)});
    }
    sale.payment.method = m_method;
    if (m_method == Api::PaymentMethod::Cash)
        sale.payment.tendered = m_tendered;
    sale.shiftId = m_shiftId;
    return sale;
}

void SaleWorkflow::setCount(int category, int count)
{
    if (category < 0 || category >= m_counts.size())
        return;
    count = std::clamp(count, 0, kMaxPerCategory);
    if (count == m_counts.at(category))
        return;
    m_counts[category] = count;
    attemptChanged();
    emit changed();
}

void SaleWorkflow::setPaymentMethod(Api::PaymentMethod method)
{
    if (method == m_method)
        return;
    m_method = method;
    attemptChanged();
    emit changed();
}

void SaleWorkflow::setTendered(std::optional<qint64> tendered)
{
    if (tendered == m_tendered)
        return;
    m_tendered = tendered;
    attemptChanged();
    emit changed();
}

void SaleWorkflow::setCustomer(const QString &name)
{
    const QString simplified = name.simplified();
    if (simplified == m_customer)
        return;
    m_customer = simplified;
    attemptChanged();
}

void SaleWorkflow::sell()
{
    const Problem problem = this->problem();
    if (problem != Problem::None) {
        say(Notice::Tone::Warning, problemText());
        emit saleFailed(problem);
        return;
    }
    if (m_idempotencyKey.isEmpty())
        m_idempotencyKey = QUuid::createUuid().toString(QUuid::WithoutBraces).toUtf8();
    const Api::SaleRequest sale = request();
    const QString showName = m_show.name;
    const int tickets = ticketCount();
    setBusy(true);
    say(Notice::Tone::Info, tr("Selling %1 for %2…").arg(SaleMessage::tickets(tickets), showName));
    m_api->sell(
        sale, m_idempotencyKey, this,
        [this, showName, tickets](const Result<Api::SaleBooking> &answer) {
            setBusy(false);
            if (!answer) {
                // Only a sale that got no answer may have been made: keep its key.
                if (!ApiError::isTransport(answer.error()))
                    m_idempotencyKey.clear();
                if (ApiError::codeName(answer.error()) == QLatin1String("no_open_shift"))
                    emit shiftNeeded();
                say(Notice::Tone::Error,
                    SaleMessage::forSaleError(answer.error(), showName, tickets));
                emit saleFailed(Problem::None);
                return;
            }
            m_idempotencyKey.clear();
            const Api::SaleBooking &booking = *answer;
            const QString currency = booking.currency.isEmpty() ? m_currency : booking.currency;
            say(Notice::Tone::Success,
                tr("Sold %1 for %2: %3, total %4.")
                    .arg(SaleMessage::tickets(booking.liveTickets()), showName,
                         booking.booking.reference, Api::Money::format(booking.total, currency)));
            emit sold(booking);
        });
}

void SaleWorkflow::clear()
{
    m_counts.fill(0);
    m_tendered.reset();
    m_method = Api::PaymentMethod::Cash;
    m_customer.clear();
    attemptChanged();
    emit changed();
}

void SaleWorkflow::say(Notice::Tone tone, const QString &text)
{
    emit notice({tone, text});
}

void SaleWorkflow::setBusy(bool busy)
{
    if (busy == m_busy)
        return;
    m_busy = busy;
    emit busyChanged(busy);
}

void SaleWorkflow::attemptChanged()
{
    // Another sale now: it must not be taken for a retry of the unanswered one.
    if (!m_busy)
        m_idempotencyKey.clear();
}
