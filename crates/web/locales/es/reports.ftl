# /portal/reports and /console/reports: the monthly service report.
reports-nav = Informes
reports-title = Informe mensual de servicio
reports-pick = Elegir el informe
reports-client = Cliente
reports-show = Ver
reports-pdf = Descargar PDF
reports-csv = Tickets del informe (CSV)
