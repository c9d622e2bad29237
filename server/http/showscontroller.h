#pragma once

#include "apiresponse.h"
#include "auth/publicbooking.h"
#include "booking/bookingservice.h"

#include <QFuture>
#include <QJsonObject>
#include <QStringList>

class BookingBatcher;
class DbExecutor;
class Router;
struct ApiRequest;

// Public show routes: GET /shows, GET /shows/:id, POST /shows/:id/book.
// Parses, calls ShowService/BookingService on the executor, maps the result.
// Lives on the HTTP thread; the actions only read members set at construction.
class ShowsController
{
public:
    // batcher: group booking (issue 15); null books each request in its own transaction.
    ShowsController(DbExecutor &executor, BookingService::SettingsSource settings,
                    PublicBooking publicBooking, BookingBatcher *batcher = nullptr)
        : m_executor(executor), m_settings(std::move(settings)), m_publicBooking(publicBooking),
          m_batcher(batcher)
    {
    }
    void registerRoutes(Router &router);

    QFuture<ApiResponse> list(const ApiRequest &request);
    QFuture<ApiResponse> get(const ApiRequest &request);
    QFuture<ApiResponse> book(const ApiRequest &request);
    QFuture<ApiResponse> sell(const ApiRequest &request);

private:
    static inline const QString kWalkInName = QStringLiteral("Walk-in");
    // The booking fields of book and sell; sell may leave user_name out.
    Result<BookingService::BookCommand> bookCommand(const ApiRequest &request,
                                                    const QJsonObject &body,
                                                    const BookingService::Settings &settings,
                                                    bool nameRequired) const;
    static ApiResponse bookedResponse(const BookingService::Booked &booked);
    DbExecutor &m_executor;
    BookingService::SettingsSource m_settings; // the rules in force, read once per request
    PublicBooking m_publicBooking;             // who books decides the owner and any access token
    BookingBatcher *m_batcher;
};
