#pragma once

#include "apiclient.h"
#include "salestypes.h"
#include "shifttypes.h"

#include <QJsonObject>
#include <QList>

#include <optional>

// Selling at the counter (issue 18) as typed calls on an ApiClient: a show's
// ticket categories, a sale with its payment, a confirm with payment, a partial
// cancellation with its refund, and the clerk's shifts. Kept apart from
// ApiClient, as StaffApi is, so the booking client stays small. Lives in the
// GUI thread, like its ApiClient.
class SalesApi
{
public:
    template <typename T> using Callback = ApiClient::Callback<T>;

    explicit SalesApi(ApiClient *api) : m_api(api) {}
    ApiClient *client() const { return m_api; }

    // GET /shows/:id with its categories (one free "standard" on a server without sales).
    void pricedShow(qint64 showId, QObject *context, Callback<Api::PricedShow> done);
    void saleBooking(qint64 bookingId, QObject *context, Callback<Api::SaleBooking> done);
    void findSaleBooking(const QString &reference, QObject *context,
                         Callback<Api::SaleBooking> done);

    // POST /shows/:id/sell: a confirmed booking with its payment. The same key on
    // a retry of the same sale lets a server that knows it sell only once.
    void sell(const Api::SaleRequest &sale, const QByteArray &idempotencyKey, QObject *context,
              Callback<Api::SaleBooking> done);
    // POST /bookings/:id/confirm with a payment (a hold with a price needs one).
    void confirmWithPayment(qint64 bookingId, const Api::PaymentRequest &payment, QObject *context,
                            Callback<Api::SaleBooking> done);
    // POST /bookings/:id/cancel with the tickets or seats to give back.
    void cancelPart(qint64 bookingId, const Api::PartialCancellation &cancellation,
                    QObject *context, Callback<Api::SaleBooking> done);

    void openShift(qint64 openingFloat, QObject *context, Callback<Api::Shift> done);
    // The caller's open shift; none (not an error) when there is none, which is
    // also what a server without shifts (404 not_found) means.
    void currentShift(QObject *context, Callback<std::optional<Api::Shift>> done);
    void closeShift(qint64 shiftId, qint64 countedCash, QObject *context,
                    Callback<Api::ShiftReport> done);
    void shiftReport(qint64 shiftId, QObject *context, Callback<Api::ShiftReport> done);
    void shifts(QObject *context, Callback<QList<Api::Shift>> done);

    // The request bodies, as the contract writes them.
    static QJsonObject paymentJson(const Api::PaymentRequest &payment);
    static QJsonObject saleJson(const Api::SaleRequest &sale);
    static QJsonObject cancellationJson(const Api::PartialCancellation &cancellation);

private:
    ApiClient *m_api;
};
