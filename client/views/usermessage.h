#pragma once

#include "result.h"

#include <QString>

// Sentences for staff from API errors, with the numbers that matter
// ("Only 3 seats left") rather than error codes.
namespace UserMessage {

QString forError(const DomainError &error);

// A failed hold for `seats` seats of `showName`.
QString forHoldError(const DomainError &error, const QString &showName, int seats);

} // namespace UserMessage
