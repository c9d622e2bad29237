#pragma once

#include "shifttypes.h"

#include <QStringList>

// A shift's report as a slip for the manager's file: takings per payment
// method, tickets per category, and the cash expected, counted and the
// difference. Built by a pure function, like ReceiptDocument, and printed by
// DocumentPrinter.
namespace ShiftReportDocument {

QString title(const Api::ShiftReport &report);
QStringList lines(const Api::ShiftReport &report);

} // namespace ShiftReportDocument
