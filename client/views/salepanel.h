#pragma once

#include "salestypes.h"

#include <QList>
#include <QWidget>

#include <optional>

class CategoryCountRow;
class InlineMessage;
class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QVBoxLayout;
class SaleWorkflow;
class ShowFilterProxyModel;
class ShowPickerModel;
class ShowsModel;

// The counter's till: pick a show, count tickets per category, take the
// money, sell. A walk-in sale is all keyboard: pick the show, type the counts
// (digits on a category, Up/Down between them, + and −), Enter, type the cash
// tendered, Enter. The running total, the payment method, the cash tendered
// and the change are shown large, to be read out to the customer. What a sale
// checks, sends and says is SaleWorkflow's; this panel only feeds it and puts
// the focus where the next keystroke belongs.
class SalePanel : public QWidget
{
    Q_OBJECT
public:
    SalePanel(SaleWorkflow *workflow, ShowsModel *shows, QWidget *parent = nullptr);

    std::optional<Api::SaleBooking> lastSale() const { return m_lastSale; }

public slots:
    void focusCategories();
    void printReceipt();
    void saveReceiptPdf();

signals:
    // Seats were sold: the shows table should refresh.
    void bookingsChanged();
    // "Open shift…" from the sentence about a missing shift.
    void openShiftRequested();

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    QWidget *buildPayment();
    void pickShow();
    void rebuildCategories();
    void showState();
    void moveFocus(int index, int step);
    // Enter on a category: on to the cash tendered, or sell when nothing is to be typed there.
    void enterFromCategories();
    void sold(const Api::SaleBooking &booking);
    QString showTextOf(const Api::SaleBooking &booking) const;

    SaleWorkflow *m_workflow;
    ShowsModel *m_shows;
    ShowFilterProxyModel *m_pickerFilter;
    ShowPickerModel *m_pickerModel;
    QComboBox *m_picker = nullptr;
    QLineEdit *m_customer = nullptr;
    QWidget *m_categoryBox = nullptr;
    QVBoxLayout *m_categoryLayout = nullptr;
    QList<CategoryCountRow *> m_rows;
    QLabel *m_total = nullptr;
    QComboBox *m_method = nullptr;
    QLineEdit *m_tendered = nullptr;
    QLabel *m_change = nullptr;
    QPushButton *m_sell = nullptr;
    InlineMessage *m_message = nullptr;
    QLabel *m_confirmed = nullptr;
    QPushButton *m_print = nullptr;
    QPushButton *m_pdf = nullptr;
    QPushButton *m_openShift = nullptr; // offered after a no_open_shift refusal
    int m_tenderedDecimals = -1;        // what the tendered field's validator allows
    std::optional<Api::SaleBooking> m_lastSale;
};
