#include "categorycountrow.h"

#include "money.h"

#include <QHBoxLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QToolButton>

namespace {
constexpr int kMaxCount = 999;
}

CategoryCountRow::CategoryCountRow(int index, const Api::TicketCategory &category,
                                   const QString &currency, QWidget *parent)
    : QFrame(parent), m_index(index), m_category(category), m_currency(currency),
      m_countLabel(new QLabel(this)), m_amountLabel(new QLabel(this))
{
    setObjectName(QStringLiteral("categoryRow_%1").arg(category.code));
    setFocusPolicy(Qt::StrongFocus);
    setFrameShape(QFrame::StyledPanel);
    // The focused row must be plain to see from a step back from the screen.
    setStyleSheet(
        QStringLiteral("CategoryCountRow:focus { border: 2px solid palette(highlight); }"));

    auto *name = new QLabel(QStringLiteral("%1  ·  %2")
                                .arg(category.name, Api::Money::format(category.price, currency)),
                            this);
    auto *minus = new QToolButton(this);
    minus->setText(QStringLiteral("−"));
    minus->setObjectName(QStringLiteral("minusButton"));
    minus->setFocusPolicy(Qt::NoFocus);
    auto *plus = new QToolButton(this);
    plus->setText(QStringLiteral("+"));
    plus->setObjectName(QStringLiteral("plusButton"));
    plus->setFocusPolicy(Qt::NoFocus);
    connect(minus, &QToolButton::clicked, this, [this] { requestCount(m_count - 1); });
    connect(plus, &QToolButton::clicked, this, [this] { requestCount(m_count + 1); });

    QFont big = m_countLabel->font();
    big.setPointSizeF(big.pointSizeF() * 1.5);
    big.setBold(true);
    m_countLabel->setFont(big);
    m_countLabel->setObjectName(QStringLiteral("categoryCount"));
    m_countLabel->setMinimumWidth(
        m_countLabel->fontMetrics().horizontalAdvance(QStringLiteral("999")));
    m_countLabel->setAlignment(Qt::AlignCenter);
    m_amountLabel->setObjectName(QStringLiteral("categoryAmount"));
    m_amountLabel->setAlignment(Qt::AlignRight | Qt::AlignVCenter);
    m_amountLabel->setMinimumWidth(
        m_amountLabel->fontMetrics().horizontalAdvance(QStringLiteral("00000.00 EUR")));

    auto *layout = new QHBoxLayout(this);
    layout->addWidget(name, 1);
    layout->addWidget(minus);
    layout->addWidget(m_countLabel);
    layout->addWidget(plus);
    layout->addWidget(m_amountLabel);
    setCount(0);
}

void CategoryCountRow::setCount(int count)
{
    m_count = count;
    m_countLabel->setText(QString::number(count));
    m_amountLabel->setText(Api::Money::format(qint64(count) * m_category.price, m_currency));
}

void CategoryCountRow::requestCount(int count)
{
    emit countRequested(m_index, std::clamp(count, 0, kMaxCount));
}

void CategoryCountRow::keyPressEvent(QKeyEvent *event)
{
    const int key = event->key();
    if (key >= Qt::Key_0 && key <= Qt::Key_9) {
        const int digit = key - Qt::Key_0;
        requestCount(m_typing ? m_count * 10 + digit : digit);
        m_typing = true;
        return;
    }
    switch (key) {
    case Qt::Key_Backspace:
        requestCount(m_count / 10);
        return;
    case Qt::Key_Plus:
    case Qt::Key_Equal: // + without Shift on most layouts
        m_typing = false;
        requestCount(m_count + 1);
        return;
    case Qt::Key_Minus:
        m_typing = false;
        requestCount(m_count - 1);
        return;
    case Qt::Key_Up:
        emit moveRequested(m_index, -1);
        return;
    case Qt::Key_Down:
        emit moveRequested(m_index, 1);
        return;
    default:
        QFrame::keyPressEvent(event);
    }
}

void CategoryCountRow::focusInEvent(QFocusEvent *event)
{
    m_typing = false;
    QFrame::focusInEvent(event);
}

void CategoryCountRow::focusOutEvent(QFocusEvent *event)
{
    m_typing = false;
    QFrame::focusOutEvent(event);
}
