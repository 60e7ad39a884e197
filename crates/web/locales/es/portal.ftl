# Portal de clientes (administradores de campus)
portal-list-title = Mis tickets
portal-list-caption = Tickets de su organización, los más urgentes primero
portal-list-empty = No tiene tickets abiertos. Cuando necesite ayuda, abra uno nuevo.
portal-new-ticket = Abrir un ticket
portal-next-page = Ver más tickets
portal-col-number = Número
portal-col-subject = Asunto
portal-col-status = Estado
portal-col-priority = Prioridad
portal-col-category = Tipo de consulta
portal-col-sla = Plazo
portal-col-due = Vence
portal-col-created = Creado
portal-new-title = Nuevo ticket
portal-form-has-errors = Revise estos datos y envíe de nuevo:
portal-field-campus-id = Campus
portal-field-priority = Prioridad
portal-field-category = Tipo de consulta
portal-field-subject = Asunto
portal-field-body = Descripción
portal-field-files = Archivos adjuntos
portal-field-file = Archivo
portal-field-filename = Nombre del archivo
portal-no-campus = Sin campus específico (todo el contrato)
portal-priority-hint = Elija el nivel que mejor describe el problema; cada uno tiene su tiempo de resolución.
portal-resolution-time = Tiempo de resolución
portal-body-hint = Cuente qué pasa, desde cuándo, y cómo reproducirlo si es posible.
portal-files-hint = Puede adjuntar varios archivos, de hasta { $mib } MiB cada uno.
portal-submit-ticket = Enviar ticket
portal-target-weeks = { $n ->
    [one] 1 semana
   *[other] { $n } semanas
}
portal-target-hours = { $n ->
    [one] 1 hora
   *[other] { $n } horas
}
portal-target-minutes = { $n } minutos
portal-target-business-hours = { $n ->
    [one] 1 hora hábil
   *[other] { $n } horas hábiles
}
portal-target-business-minutes = { $n } minutos hábiles
portal-err-required = es obligatorio.
portal-err-too-long = es demasiado largo
portal-err-too-large = es demasiado grande.
portal-err-invalid = no es válido
portal-err-not-multipart = El formulario no llegó completo. Recargue la página e intente de nuevo.
portal-err-file-too-large = El archivo «{ $name }» supera el tamaño máximo y no se adjuntó; vuelva a elegir los archivos
portal-err-file-empty = El archivo «{ $name }» está vacío y no se adjuntó; vuelva a elegir los archivos.
portal-err-empty-reply = Escriba una respuesta o adjunte un archivo.
portal-back-to-list = Mis tickets
portal-thread = Conversación
portal-author-support = Mesa de ayuda
portal-reply-title = Responder
portal-reply-body = Su respuesta
portal-send-reply = Enviar respuesta
portal-closed-note = Este ticket está cerrado. Si necesita algo más, abra un ticket nuevo.
portal-decide-title = ¿Quedó resuelto?
portal-decide-until = Puede confirmar la solución o reabrir el ticket hasta el { $until }; después se cierra solo.
portal-confirm = Confirmar solución
portal-reopen = Reabrir ticket
portal-details = Datos del ticket
portal-requested = pedida: { $priority }
portal-attachments = Archivos adjuntos
portal-no-attachments = Sin archivos adjuntos.
