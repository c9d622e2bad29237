#pragma once

#include "apiresponse.h"
#include "auth/publicbooking.h"
#include "booking/bookingservice.h"

#include <QFuture>

#include <memory>

class FlagSnapshot;
struct FlagState;
class Router;
struct ApiRequest;

// GET /config: the limits a client needs before it sends anything, so the
// desktop app and web shops validate with the server's numbers instead of
// hard-coded copies. Needs no database: the booking rules in force (built-in
// flags applied) come from the live snapshot, read once per request. The
// answer is built once per snapshot state and reused until the state changes
// (clients poll it every 2 s). Lives on the HTTP thread, its only caller.
class ConfigController
{
public:
    ConfigController(const FlagSnapshot &snapshot, PublicBooking publicBooking, QString currency)
        : m_snapshot(snapshot), m_publicBooking(publicBooking), m_currency(std::move(currency))
    {
    }
    void registerRoutes(Router &router);

    QFuture<ApiResponse> get(const ApiRequest &request);

private:
    ApiResponse answerFor(const BookingService::Settings &settings) const;

    const FlagSnapshot &m_snapshot;
    PublicBooking m_publicBooking;                    // fixed at start (--public-booking)
    QString m_currency;                               // fixed at start (--currency)
    std::shared_ptr<const FlagState> m_answeredState; // the state m_answer was built from
    ApiResponse m_answer;
};
