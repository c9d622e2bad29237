#include "salemessage.h"

#include "apierror.h"
#include "usermessage.h"

#include <QCoreApplication>

namespace SaleMessage {
namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("SaleMessage", text);
}

// The sales codes' sentences; empty for any other code.
QString salesSentence(const DomainError &error)
{
    const QString code = ApiError::codeName(error);
    if (code == QLatin1String("no_open_shift"))
        return tr("No shift is open. Open one (Shift › Open shift…) before selling or refunding.");
    if (code == QLatin1String("shift_already_open"))
        return tr("Your shift is already open.");
    if (code == QLatin1String("shift_closed"))
        return tr("That shift is already closed.");
    if (code == QLatin1String("shift_not_found"))
        return tr("No such shift.");
    if (code == QLatin1String("payment_required"))
        return tr("This booking has a price: take the payment to confirm it.");
    if (code == QLatin1String("payment_invalid"))
        return tr("The payment was refused: %1").arg(error.message);
    if (code == QLatin1String("unknown_category")) {
        const QString category = error.details.value(QLatin1String("category")).toString();
        return category.isEmpty() ? tr("A ticket category is not on sale for this show.")
                                  : tr("Category %1 is not on sale for this show.").arg(category);
    }
    if (code == QLatin1String("refund_exceeds_paid"))
        return tr("The refund would be more than was paid for this booking.");
    if (code == QLatin1String("nothing_to_cancel"))
        return tr("Nothing to cancel: choose at least one ticket.");
    if (isServerWithoutSales(error))
        return tr("This server does not sell at the counter yet.");
    return {};
}

} // namespace

QString tickets(int count)
{
    return count == 1 ? tr("1 ticket") : tr("%1 tickets").arg(count);
}

bool isServerWithoutSales(const DomainError &error)
{
    return ApiError::codeName(error) == QLatin1String("not_found");
}

QString forSaleError(const DomainError &error, const QString &showName, int requested)
{
    if (ApiError::isTransport(error))
        return tr("Not sold: %1. Press Enter to try again.").arg(ApiError::describe(error));
    const QString sentence = salesSentence(error);
    return sentence.isEmpty() ? UserMessage::forHoldError(error, showName, requested) : sentence;
}

QString forError(const DomainError &error)
{
    const QString sentence = salesSentence(error);
    return sentence.isEmpty() ? UserMessage::forError(error) : sentence;
}

} // namespace SaleMessage
