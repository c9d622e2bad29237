#pragma once

#include "shiftrepository.h"

#include <QJsonObject>
#include <QList>
#include <QString>

// What a shift took (GET /shifts/:id/report): money by method, tickets by
// category, and the cash the till should hold against what was counted.
struct ShiftReport
{
    struct Takings
    {
        QString method;
        qint64 payments = 0;
        qint64 refunds = 0;
        qint64 net() const { return payments - refunds; }
    };
    struct CategoryLine
    {
        QString category;
        QString name;
        qint64 sold = 0;
        qint64 refunded = 0;
        qint64 soldAmount = 0;
        qint64 refundedAmount = 0;
    };

    Shift shift;
    QString currency;
    QList<Takings> takings;        // by method, in method order
    QList<CategoryLine> categories; // by category code and name
    qint64 ticketsSold = 0;
    qint64 ticketsRefunded = 0;

    // The opening float plus cash taken minus cash given back.
    qint64 expectedCash() const;
    QJsonObject toJson() const;
};
