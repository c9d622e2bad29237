#pragma once

#include "salestypes.h"

#include <QFrame>

class QLabel;
class QToolButton;

// One ticket category at the counter: its name and price, − / + buttons, the
// count and what the line comes to. Built for the keyboard: the row itself
// takes focus, digits type its count (1, 2 → 12; Backspace takes one back),
// + and − change it, Up and Down ask the panel for the next row.
class CategoryCountRow : public QFrame
{
    Q_OBJECT
public:
    CategoryCountRow(int index, const Api::TicketCategory &category, const QString &currency,
                     QWidget *parent = nullptr);

    int index() const { return m_index; }
    void setCount(int count);

signals:
    void countRequested(int index, int count);
    // -1: the row above, +1: the one below.
    void moveRequested(int index, int step);

protected:
    void keyPressEvent(QKeyEvent *event) override;
    void focusInEvent(QFocusEvent *event) override;
    void focusOutEvent(QFocusEvent *event) override;

private:
    void requestCount(int count);

    int m_index;
    Api::TicketCategory m_category;
    QString m_currency;
    int m_count = 0;
    bool m_typing = false; // the next digit adds to the count instead of replacing it
    QLabel *m_countLabel;
    QLabel *m_amountLabel;
};
