#pragma once

#include "apiclient.h"
#include "salesapi.h"
#include "saleworkflow.h"
#include "scriptedpeer.h"

#include <QJsonArray>
#include <QtTest>

// A sale's test bench: Hamlet (show 7) with an adult (12.50) and a child
// (7.50) category, a SaleWorkflow in EUR whose API client talks to a
// ScriptedPeer, and the sell answer that peer gives.
namespace SaleBench {
using namespace Qt::StringLiterals;

inline QList<Api::TicketCategory> adultAndChild()
{
    return {{u"adult"_s, u"Adult"_s, 1250}, {u"child"_s, u"Child"_s, 750}};
}

inline Show hamlet()
{
    Show show;
    show.id = 7;
    show.name = u"Hamlet"_s;
    show.totalSeats = 100;
    show.startTime = QDateTime(QDate(2026, 12, 1), QTime(19, 30), Qt::UTC);
    return show;
}

inline QByteArray soldAnswer(qint64 total, qint64 tendered)
{
    return http(201, json({{"id", 41},
                           {"reference", "K7M2X9QD"},
                           {"show_id", 7},
                           {"user_name", "Walk-in"},
                           {"seats", 3},
                           {"status", "CONFIRMED"},
                           {"currency", "EUR"},
                           {"total", total},
                           {"paid", total},
                           {"payments", QJsonArray{QJsonObject{{"id", 3},
                                                               {"kind", "payment"},
                                                               {"method", "cash"},
                                                               {"amount", total},
                                                               {"tendered", tendered},
                                                               {"change", tendered - total}}}}}));
}

// A workflow whose API client talks to a scripted peer.
struct Bench
{
    ScriptedPeer peer;
    ApiClient client;
    SalesApi api{&client};
    SaleWorkflow workflow{&api};
    Bench()
    {
        client.setBaseUrl(peer.url());
        workflow.setCurrency(u"EUR"_s);
        workflow.setShow(hamlet(), adultAndChild());
    }
};

} // namespace SaleBench
