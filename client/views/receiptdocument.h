#pragma once

#include "salestypes.h"

#include <QDateTime>
#include <QString>
#include <QStringList>

// The customer's receipt for a sale or a booking paid at the counter: the
// booking reference, the show, each line (count × category at its price), the
// total, and every payment with the cash tendered and the change, refunds
// included. The text is built by a pure function, so what the customer reads
// is testable without a printer; DocumentPrinter puts it on paper or in a PDF.
class ReceiptDocument
{
public:
    ReceiptDocument(const Api::SaleBooking &sale, const QString &showName,
                    const QDateTime &showStart);

    QString title() const;
    QStringList lines() const { return m_lines; }
    QString text() const { return m_lines.join(QLatin1Char('\n')); }

    // Writes the receipt as a PDF at `path`; false (and `error` says why) when it could not.
    bool writePdf(const QString &path, QString *error = nullptr) const;

    static QStringList linesFor(const Api::SaleBooking &sale, const QString &showName,
                                const QDateTime &showStart);

private:
    QString m_reference;
    QStringList m_lines;
};
