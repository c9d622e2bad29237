#pragma once

#include "result.h"

#include <QString>

// Sentences for staff from the refusals of selling, payments, refunds and
// shifts (issue 18). Codes this client's ErrorCode may not know yet are read by
// name (ApiError::codeName), so the sentences are right against a newer server.
namespace SaleMessage {

// "1 ticket", "3 tickets".
QString tickets(int count);

// A failed sale of `requested` tickets for `showName`.
QString forSaleError(const DomainError &error, const QString &showName, int requested);
// A failed refund, confirm with payment, or shift action.
QString forError(const DomainError &error);
// The server has no such route (404 not_found): it sells nothing yet.
bool isServerWithoutSales(const DomainError &error);

} // namespace SaleMessage
