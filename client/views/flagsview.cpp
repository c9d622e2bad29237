#include "flagsview.h"

#include "apiclient.h"
#include "flageditordialog.h"
#include "flaghistorydialog.h"
#include "flagsmodel.h"
#include "inlinemessage.h"
#include "salescontrolspanel.h"
#include "usermessage.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QMessageBox>
#include <QPushButton>
#include <QShortcut>
#include <QTableView>
#include <QVBoxLayout>

FlagsView::FlagsView(ApiClient *api, ShowsModel *shows, QWidget *parent)
    : QWidget(parent), m_api(api), m_model(new FlagsModel(this))
{
    setObjectName(QStringLiteral("flagsView"));
    m_sales = new SalesControlsPanel(api, shows, this);

    m_table = new QTableView(this);
    m_table->setObjectName(QStringLiteral("flagsTable"));
    m_table->setModel(m_model);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setAlternatingRowColors(true);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->verticalHeader()->hide();
    m_table->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_table->verticalHeader()->setDefaultSectionSize(m_table->fontMetrics().height() + 10);
    QHeaderView *header = m_table->horizontalHeader();
    header->resizeSection(FlagsModel::KeyColumn, 220);
    header->setSectionResizeMode(FlagsModel::ValueColumn, QHeaderView::Stretch);
    header->resizeSection(FlagsModel::PercentColumn, 80);
    header->resizeSection(FlagsModel::SourceColumn, 160);
    header->resizeSection(FlagsModel::ChangedColumn, 150);

    m_new = new QPushButton(tr("&New flag…"), this);
    m_new->setObjectName(QStringLiteral("newFlagButton"));
    m_edit = new QPushButton(tr("&Edit…"), this);
    m_edit->setObjectName(QStringLiteral("editFlagButton"));
    m_delete = new QPushButton(tr("&Delete…"), this);
    m_delete->setObjectName(QStringLiteral("deleteFlagButton"));
    m_history = new QPushButton(tr("&History…"), this);
    m_history->setObjectName(QStringLiteral("flagHistoryButton"));
    connect(m_new, &QPushButton::clicked, this, &FlagsView::newFlag);
    connect(m_edit, &QPushButton::clicked, this, &FlagsView::editSelectedFlag);
    connect(m_delete, &QPushButton::clicked, this, &FlagsView::deleteSelectedFlag);
    connect(m_history, &QPushButton::clicked, this, &FlagsView::showHistoryOfSelected);
    connect(m_table, &QTableView::doubleClicked, this, &FlagsView::editSelectedFlag);
    auto *editShortcut = new QShortcut(QKeySequence(Qt::Key_F2), m_table);
    connect(editShortcut, &QShortcut::activated, this, &FlagsView::editSelectedFlag);
    auto *deleteShortcut = new QShortcut(QKeySequence::Delete, m_table);
    connect(deleteShortcut, &QShortcut::activated, this, &FlagsView::deleteSelectedFlag);

    m_message = new InlineMessage(this);
    m_message->setObjectName(QStringLiteral("flagsMessage"));

    auto *actions = new QHBoxLayout;
    for (QPushButton *button : {m_new, m_edit, m_delete, m_history})
        actions->addWidget(button);
    actions->addStretch();
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_sales);
    layout->addWidget(m_table, 1);
    layout->addWidget(m_message);
    layout->addLayout(actions);

    connect(m_sales, &SalesControlsPanel::flagsChanged, this, [this] {
        dropListInFlight();
        refresh();
        emit flagsChanged();
    });
    connect(m_table->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &FlagsView::updateActions);
    m_refreshTimer.setInterval(3000);
    connect(&m_refreshTimer, &QTimer::timeout, this, [this] {
        if (isVisible())
            refresh();
    });
    m_refreshTimer.start();
    setAdminEnabled(false);
}

void FlagsView::setAdminEnabled(bool enabled)
{
    // Called on every connection change: what the earlier server (or token) is still
    // answering must not fill the table.
    dropListInFlight();
    m_admin = enabled;
    m_new->setEnabled(enabled);
    m_sales->setEnabled(enabled);
    updateActions();
    if (enabled)
        refresh();
    else
        m_model->setFlags({});
}

void FlagsView::setConfig(const ServerConfig &config)
{
    m_sales->setConfig(config);
}

void FlagsView::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    refresh();
}

void FlagsView::refresh()
{
    if (!m_admin)
        return;
    if (m_refreshing) {
        m_again = true; // a change made meanwhile must not be missed
        return;
    }
    m_refreshing = true;
    m_again = false;
    const quint64 generation = m_generation;
    m_api->fetchFlags(this, [this, generation](const Result<QList<Api::FeatureFlag>> &result) {
        if (generation != m_generation)
            return; // stale: the request that replaced it is already out, or will be
        m_refreshing = false;
        if (m_again)
            QTimer::singleShot(0, this, &FlagsView::refresh);
        if (!result) {
            m_message->showMessage(InlineMessage::Kind::Error,
                                   UserMessage::forError(result.error()));
            return;
        }
        m_model->setFlags(*result);
        updateActions();
    });
}

void FlagsView::dropListInFlight()
{
    ++m_generation;
    m_refreshing = false;
    m_again = false;
}

std::optional<Api::FeatureFlag> FlagsView::selectedFlag() const
{
    const QModelIndexList rows = m_table->selectionModel()->selectedRows();
    if (rows.isEmpty())
        return std::nullopt;
    return m_model->flagByKey(rows.first().data(FlagsModel::KeyRole).toString());
}

void FlagsView::selectFlag(const QString &key)
{
    const int row = m_model->rowOfFlag(key);
    if (row < 0)
        return;
    const QModelIndex index = m_model->index(row, 0);
    m_table->selectionModel()->select(index, QItemSelectionModel::ClearAndSelect |
                                                 QItemSelectionModel::Rows);
    m_table->setCurrentIndex(index);
    m_table->scrollTo(index);
}

void FlagsView::updateActions()
{
    const auto flag = selectedFlag();
    m_edit->setEnabled(m_admin && flag.has_value());
    m_delete->setEnabled(m_admin && flag && flag->isStored());
    m_history->setEnabled(m_admin && flag.has_value());
}

void FlagsView::openEditor(FlagEditorDialog *dialog)
{
    m_editor = dialog;
    m_editor->setAttribute(Qt::WA_DeleteOnClose);
    connect(m_editor, &FlagEditorDialog::saved, this, [this](const Api::FeatureFlag &flag) {
        // A list asked before the save may not have it yet: drop it, and ask again.
        dropListInFlight();
        m_model->upsertFlag(flag);
        selectFlag(flag.key);
        m_message->showMessage(InlineMessage::Kind::Success,
                               tr("Saved %1 (version %2).").arg(flag.key).arg(flag.version));
        refresh();
        emit flagsChanged();
    });
    m_editor->open();
}

void FlagsView::newFlag()
{
    if (m_admin && !m_editor)
        openEditor(new FlagEditorDialog(m_api, this));
}

void FlagsView::editSelectedFlag()
{
    const auto flag = selectedFlag();
    if (m_admin && flag && !m_editor)
        openEditor(new FlagEditorDialog(m_api, *flag, this));
}

void FlagsView::deleteSelectedFlag()
{
    const auto flag = selectedFlag();
    if (!m_admin || !flag || !flag->isStored() || m_confirmation)
        return;
    m_confirmation =
        new QMessageBox(QMessageBox::Warning, tr("Delete flag"),
                        tr("Delete the flag “%1”?").arg(flag->key), QMessageBox::NoButton, this);
    m_confirmation->setObjectName(QStringLiteral("deleteFlagConfirmation"));
    m_confirmation->setInformativeText(
        flag->builtin ? tr("The server goes back to its option or default for it.")
                      : tr("Whoever reads it gets no value any more. Its history is kept."));
    QPushButton *yes = m_confirmation->addButton(tr("Delete"), QMessageBox::DestructiveRole);
    yes->setObjectName(QStringLiteral("confirmDeleteFlag"));
    QPushButton *no = m_confirmation->addButton(tr("Keep flag"), QMessageBox::RejectRole);
    m_confirmation->setDefaultButton(no);
    m_confirmation->setAttribute(Qt::WA_DeleteOnClose);
    const Api::FeatureFlag doomed = *flag;
    connect(m_confirmation, &QMessageBox::buttonClicked, this,
            [this, yes, doomed](QAbstractButton *clicked) {
                if (clicked != yes)
                    return;
                m_api->deleteFlag(
                    doomed.key, doomed.version, this,
                    [this, key = doomed.key](const Result<Api::FeatureFlag> &result) {
                        if (!result) {
                            m_message->showMessage(InlineMessage::Kind::Error,
                                                   UserMessage::forError(result.error()));
                            refresh();
                            return;
                        }
                        dropListInFlight(); // a list asked before may still have it
                        m_model->removeFlag(key);
                        m_message->showMessage(InlineMessage::Kind::Success,
                                               tr("Deleted %1.").arg(key));
                        refresh(); // an environment-only flag of that key stays listed
                        emit flagsChanged();
                    });
            });
    m_confirmation->open();
}

void FlagsView::showHistoryOfSelected()
{
    const auto flag = selectedFlag();
    if (!m_admin || !flag)
        return;
    auto *dialog = new FlagHistoryDialog(m_api, flag->key, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->show();
}
