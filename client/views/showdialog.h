#pragma once

#include "apitypes.h"

#include <QDialog>

#include <optional>

class QDateTimeEdit;
class QDialogButtonBox;
class QLineEdit;
class QSpinBox;
class InlineMessage;

// Create or edit a show: name, start (in this machine's time zone) and seats.
// Checks its fields before anything is sent; the caller sends the request on
// submitted() and either accept()s or shows the server's objection with
// showError(), so the dialog stays open with the person's input intact.
class ShowDialog : public QDialog
{
    Q_OBJECT
public:
    // Create mode.
    explicit ShowDialog(QWidget *parent = nullptr);
    // Edit mode: prefilled; only changed fields are submitted.
    explicit ShowDialog(const Show &show, QWidget *parent = nullptr);

    bool isEditing() const { return m_original.has_value(); }
    qint64 showId() const { return m_original ? m_original->id : 0; }
    ShowDraft draft() const;
    ShowChanges changes() const;

    // Empty when the fields are acceptable, otherwise what to fix.
    QString validationError() const;

    void setBusy(bool busy);
    void showError(const QString &message);

signals:
    void submitted();

private:
    void build();
    void trySubmit();

    std::optional<Show> m_original;
    QLineEdit *m_name = nullptr;
    QDateTimeEdit *m_start = nullptr;
    QSpinBox *m_seats = nullptr;
    InlineMessage *m_message = nullptr;
    QDialogButtonBox *m_buttons = nullptr;
};
