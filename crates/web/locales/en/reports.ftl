# /portal/reports and /console/reports: the monthly service report.
reports-nav = Reports
reports-title = Monthly service report
reports-pick = Choose the report
reports-client = Client
reports-show = Show
reports-pdf = Download PDF
reports-csv = The report's tickets (CSV)
