#include "documentprinter.h"

#include <QFileDialog>
#include <QFileInfo>
#include <QFontDatabase>
#include <QMessageBox>
#include <QPageSize>
#include <QPdfWriter>
#include <QPrintDialog>
#include <QPrinter>
#include <QStandardPaths>
#include <QTextDocument>

namespace {
// The slip as a document: plain text, so nothing in a name or reference is
// ever read as markup.
void fill(QTextDocument &document, const QStringList &lines, const QString &title)
{
    QFont font = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    font.setPointSize(10);
    document.setDefaultFont(font);
    document.setPlainText(lines.join(QLatin1Char('\n')));
    document.setMetaInformation(QTextDocument::DocumentTitle, title);
}
} // namespace

bool DocumentPrinter::writePdf(const QStringList &lines, const QString &title, const QString &path,
                               QString *error)
{
    {
        // The file is complete only once the writer is gone.
        QPdfWriter writer(path);
        writer.setTitle(title);
        writer.setCreator(QStringLiteral("Box Office"));
        writer.setPageSize(QPageSize(QPageSize::A4));
        writer.setResolution(300);
        QTextDocument document;
        fill(document, lines, title);
        document.print(&writer);
    }
    // QPdfWriter reports no errors; an unwritable path shows as a missing or empty file.
    const QFileInfo written(path);
    if (!written.exists() || written.size() == 0) {
        if (error)
            *error = QObject::tr("Could not write %1.").arg(path);
        return false;
    }
    return true;
}

bool DocumentPrinter::print(const QStringList &lines, const QString &title, QWidget *parent)
{
    QPrinter printer;
    printer.setDocName(title);
    QPrintDialog dialog(&printer, parent);
    if (dialog.exec() != QDialog::Accepted)
        return false;
    QTextDocument document;
    fill(document, lines, title);
    document.print(&printer);
    return true;
}

bool DocumentPrinter::savePdf(const QStringList &lines, const QString &title,
                              const QString &suggestedName, QWidget *parent)
{
    const QString folder = QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation);
    const QString path = QFileDialog::getSaveFileName(parent, QObject::tr("Save as PDF"),
                                                      folder + QLatin1Char('/') + suggestedName,
                                                      QObject::tr("PDF files (*.pdf)"));
    if (path.isEmpty())
        return false;
    QString error;
    if (!writePdf(lines, title, path, &error)) {
        QMessageBox::warning(parent, QObject::tr("Save as PDF"), error);
        return false;
    }
    return true;
}
