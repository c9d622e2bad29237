#include "shiftreport.h"

#include <QJsonArray>

qint64 ShiftReport::expectedCash() const
{
    qint64 cash = shift.openingFloat;
    for (const Takings &taking : takings)
        if (taking.method == QLatin1String("cash"))
            cash += taking.net();
    return cash;
}

QJsonObject ShiftReport::toJson() const
{
    QJsonArray byMethod;
    for (const Takings &taking : takings)
        byMethod.append(QJsonObject{{QStringLiteral("method"), taking.method},
                                    {QStringLiteral("payments"), taking.payments},
                                    {QStringLiteral("refunds"), taking.refunds},
                                    {QStringLiteral("net"), taking.net()}});
    QJsonArray byCategory;
    for (const CategoryLine &line : categories)
        byCategory.append(QJsonObject{{QStringLiteral("category"), line.category},
                                      {QStringLiteral("name"), line.name},
                                      {QStringLiteral("sold"), line.sold},
                                      {QStringLiteral("refunded"), line.refunded},
                                      {QStringLiteral("sold_amount"), line.soldAmount},
                                      {QStringLiteral("refunded_amount"), line.refundedAmount},
                                      {QStringLiteral("amount"),
                                       line.soldAmount - line.refundedAmount}});
    const QJsonValue counted =
        shift.countedCash ? QJsonValue(*shift.countedCash) : QJsonValue(QJsonValue::Null);
    const QJsonValue difference = shift.countedCash
                                      ? QJsonValue(*shift.countedCash - expectedCash())
                                      : QJsonValue(QJsonValue::Null);
    return {{QStringLiteral("shift"), shift.toJson()},
            {QStringLiteral("currency"), currency},
            {QStringLiteral("takings"), byMethod},
            {QStringLiteral("categories"), byCategory},
            {QStringLiteral("tickets_sold"), ticketsSold},
            {QStringLiteral("tickets_refunded"), ticketsRefunded},
            {QStringLiteral("expected_cash"), expectedCash()},
            {QStringLiteral("counted_cash"), counted},
            {QStringLiteral("difference"), difference}};
}
