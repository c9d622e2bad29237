#pragma once

#include <QString>
#include <QStringList>

class QWidget;

// Puts the fixed-width lines of a slip (ReceiptDocument, ShiftReportDocument)
// on paper or in a PDF, in a monospace font so the columns stay aligned.
class DocumentPrinter
{
public:
    // An A4 PDF at `path`. False, with `error` saying why, when it cannot be written.
    static bool writePdf(const QStringList &lines, const QString &title, const QString &path,
                         QString *error = nullptr);
    // Asks for a printer (the system's print dialog), then prints; false when cancelled.
    static bool print(const QStringList &lines, const QString &title, QWidget *parent);
    // Asks for a file name, then writes the PDF; false when cancelled or it failed.
    static bool savePdf(const QStringList &lines, const QString &title,
                        const QString &suggestedName, QWidget *parent);
};
