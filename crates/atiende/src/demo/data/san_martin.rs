//! Instituto Superior San Martín (client 0, Buenos Aires): campus 0 is hosted by us, campus 1
//! (posgrado) runs on their servers, so some stories are about what we can and cannot touch.

use domain::{
    Priority::{High, Low, Medium, Urgent},
    scope::ScopeReason,
    ticket::{
        Category::{
            Administrative as Adm, Commercial as Com, Complaint as Rec, Functional as Fun,
            Technical as Tec,
        },
        ScopeKind,
    },
};

use super::{
    DemoQuote, DemoTicket,
    Fate::{AutoClose, Duplicate, New, Open},
    SUPERVISOR, closed, resolved, t, waiting,
};

pub(super) fn tickets() -> Vec<DemoTicket> {
    vec![
        t(0, Some(0), Tec, Medium, "No llegan los correos de matriculación",
          "Desde ayer los alumnos que se matriculan en los cursos del segundo cuatrimestre no reciben el correo de bienvenida. Probamos con tres cuentas distintas (Gmail y Hotmail) y tampoco llega a spam.",
          Open, 0.35)
            .to(0).tags(&["correo", "matriculacion"])
            .note("El relay SMTP rechaza por SPF desde el cambio de IP del viernes. Pedí a infraestructura que actualice el registro TXT.")
            .client_msg("¿Tienen alguna novedad? Mañana empiezan las clases."),
        t(0, Some(0), Tec, Urgent, "El campus no carga: error 503 en toda la plataforma",
          "Desde las 8:10 nadie puede entrar al campus, aparece 'Service Unavailable'. Tenemos parciales programados para hoy a la tarde.",
          resolved(30.0), 0.6)
            .to(1).tags(&["caida"])
            .note("PHP-FPM sin workers libres: un cron de informes quedó colgado. Reiniciado y limitado el cron.")
            .answer("El servicio quedó restablecido: un proceso programado de informes había agotado los recursos del servidor. Lo reiniciamos y limitamos su ejecución para que no vuelva a ocurrir."),
        t(0, Some(0), Fun, Low, "¿Cómo configurar una tarea con entrega en grupos?",
          "Una docente quiere que los alumnos entreguen un único trabajo por grupo y que la nota se aplique a todos los integrantes. ¿Cómo se configura?",
          closed(70.0, 5.0), 0.2)
            .answer("En la tarea, sección 'Configuración de entrega por grupos', activen 'Los estudiantes envían en grupo' y elijan la agrupación. La calificación puede aplicarse a todo el grupo desde la pantalla de calificación. Les dejamos además un instructivo con capturas."),
        t(0, Some(0), Tec, High, "Lentitud extrema al abrir los cuestionarios",
          "Los cuestionarios de Matemática I tardan más de un minuto en abrir cada página. Hay 400 alumnos rindiendo esta semana.",
          Open, 0.85)
            .to(1).tags(&["rendimiento", "cuestionarios"])
            .note("La caché de la aplicación está en disco; migrar a Redis. Mientras tanto subí los workers de PHP-FPM."),
        t(0, None, Adm, Low, "Solicitud de factura de octubre con datos fiscales corregidos",
          "La factura de octubre salió con la razón social anterior. Necesitamos que se emita nuevamente a nombre de 'Instituto Superior San Martín Asociación Civil'.",
          resolved(20.0), 0.1)
            .answer("Emitimos la nota de crédito y la nueva factura con la razón social correcta; ya les llegaron por correo a administración."),
        t(0, Some(0), Com, Medium, "Integración con SIU Guaraní para sincronizar inscripciones",
          "Queremos que las inscripciones a materias que se hacen en SIU Guaraní se reflejen automáticamente en los cursos del campus. ¿Es posible?",
          waiting(26.0), 0.25)
            .to(0).scope(ScopeKind::OutOfScope, Some(ScopeReason::Integration), "Integración con SIU Guaraní: se cotiza aparte")
            .answer("La integración con otros sistemas no está incluida en el abono, pero podemos cotizarla. ¿Nos confirman qué versión de SIU Guaraní usan y si cuentan con acceso a su API REST?"),
        t(0, Some(0), Tec, Medium, "Un docente no puede loguearse desde ayer",
          "El profesor Ramiro Acosta (usuario racosta) no puede entrar: dice 'Datos de acceso inválidos' aunque restableció la contraseña dos veces.",
          waiting(5.0), 0.4)
            .to(0)
            .answer("La cuenta figura suspendida por la sincronización con el LDAP. ¿Nos confirman si el usuario sigue activo en el directorio del instituto?"),
        t(0, Some(1), Tec, Urgent, "Nadie puede acceder al campus de posgrado",
          "El campus de posgrado no responde desde la medianoche. El navegador muestra que se agotó el tiempo de espera.",
          Open, 1.6)
            .to(0).tags(&["caida", "servidor-cliente"])
            .note("El servidor es del cliente (no lo alojamos nosotros). Esperamos acceso SSH de su área de sistemas para revisar Apache.")
            .client_msg("Sistemas nos dice que el servidor está encendido. Les pasamos las credenciales por el canal seguro."),
        t(0, Some(0), Fun, Low, "Buenas prácticas para organizar un curso con 800 alumnos",
          "El curso de ingreso va a tener 800 alumnos y 12 tutores. ¿Qué recomiendan para organizar grupos, foros y calificaciones?",
          New, 0.1),
        t(0, Some(0), Rec, High, "Reclamo: el campus estuvo caído durante el examen final",
          "Ayer el campus se cayó durante 40 minutos en pleno examen final de Derecho Civil. Tuvimos que reprogramar la mesa. Necesitamos un informe de lo ocurrido.",
          Open, 0.5)
            .to(SUPERVISOR).tags(&["caida", "informe"])
            .note("Preparar informe post-mortem con los gráficos de monitoreo y el detalle del reinicio de la base de datos."),
        t(0, Some(0), Fun, Medium, "No aparecen las estadísticas de los usuarios en los informes",
          "En Informes > Estadísticas no aparece ningún dato desde hace dos semanas. Necesitamos los accesos para la acreditación de la carrera.",
          resolved(50.0), 1.4)
            .to(0)
            .answer("Las estadísticas estaban desactivadas tras la última actualización. Las reactivamos y regeneramos los datos de las últimas semanas."),
        t(0, Some(0), Tec, Low, "Instalar el plugin de asistencia (mod_attendance)",
          "Queremos registrar la asistencia a las clases sincrónicas. ¿Pueden instalar el módulo de Asistencia?",
          closed(90.0, 20.0), 0.5)
            .to(1).tags(&["plugin"])
            .answer("Instalamos el módulo Asistencia (versión compatible con su Moodle) y lo dejamos disponible para todos los cursos."),
        t(0, None, Adm, Medium, "Alta de un nuevo administrador del campus",
          "Se incorporó Valeria Domínguez al área de educación a distancia. Necesitamos darle permisos de administradora.",
          AutoClose { ago_h: 200.0 }, 0.3)
            .answer("Creamos la cuenta de Valeria con rol de administradora del campus y le enviamos los datos de acceso."),
        t(0, Some(0), Fun, Low, "Carga masiva de 300 usuarios desde planilla",
          "Les enviamos la planilla con los 300 ingresantes. ¿Pueden cargarlos y matricularlos en los cursos de ingreso?",
          Open, 0.3)
            .to(0).scope(ScopeKind::AdminHours, None, "Tarea del administrador del campus: se descuenta del banco de horas de administración")
            .note("Avisar que les enseñamos a usar la subida de usuarios por CSV para las próximas cohortes."),
        t(0, Some(0), Tec, High, "Las copias de seguridad diarias no figuran desde el martes",
          "En el panel de mantenimiento la última copia diaria es del martes. ¿Se están haciendo las copias?",
          waiting(3.0), 0.8)
            .to(1).tags(&["backup"])
            .answer("Las copias se están realizando en el almacenamiento de Azure; el panel no las mostraba por un cambio de credenciales. ¿Nos confirman si necesitan restaurar algo puntual antes de cerrar?"),
        t(0, None, Com, Low, "Cotización para un segundo campus de extensión universitaria",
          "Estamos evaluando abrir un campus independiente para los cursos de extensión. ¿Nos pueden cotizar el abono con hosting incluido?",
          New, 0.4),
        t(0, Some(0), Tec, Medium, "Error al restaurar un curso desde copia .mbz",
          "Al restaurar el curso 'Historia Argentina II' aparece 'Error al escribir en la base de datos'.",
          Duplicate { ago_h: 40.0 }, 0.1)
            .note("Duplicado: el mismo error ya se está tratando en el ticket de restauraciones del lunes."),
        t(0, Some(0), Fun, High, "Las calificaciones no se trasladan al libro de calificaciones",
          "Las notas de las tareas de Contabilidad no aparecen en el libro de calificaciones y el cierre de actas es el viernes.",
          closed(60.0, 4.0), 1.2)
            .to(0)
            .answer("El libro tenía la categoría con 'Excluir calificaciones vacías' mal configurada y el recálculo pendiente. Lo corregimos y forzamos el recálculo."),
        t(0, Some(0), Tec, Urgent, "Certificado SSL vencido: el navegador bloquea el acceso",
          "Chrome muestra 'La conexión no es privada' al entrar al campus. Los alumnos no pueden acceder.",
          closed(100.0, 3.0), 0.5)
            .to(0).tags(&["ssl"])
            .answer("Renovamos el certificado y corregimos la tarea de renovación automática."),
        t(0, Some(0), Fun, Medium, "Consulta sobre restricciones de acceso por fecha",
          "Queremos que el módulo 3 se habilite solo después de aprobar el cuestionario del módulo 2 y a partir del 1 de diciembre. ¿Se pueden combinar ambas condiciones?",
          New, 0.85),
        t(0, Some(0), Tec, Medium, "Los foros no envían notificaciones de nuevas respuestas",
          "Los docentes no reciben avisos cuando los alumnos responden en los foros, aunque están suscriptos.",
          Open, 0.78)
            .to(0).tags(&["correo"]),
        t(0, Some(1), Tec, High, "El disco del servidor del posgrado está al 95 %",
          "Nos llegó la alerta del monitoreo: el disco del servidor de posgrado está casi lleno.",
          resolved(4.0), 0.9)
            .to(1)
            .note("Servidor del cliente: el monitoreo sí está incluido. Limpiamos caché y copias temporales de moodledata.")
            .answer("Liberamos 40 GB eliminando archivos temporales y copias automáticas antiguas. Les recomendamos ampliar el disco en su proveedor."),
        t(0, None, Com, Medium, "Ampliación del abono: horas de administración adicionales",
          "Para el próximo cuatrimestre necesitaríamos 10 horas mensuales de administración del campus. ¿Cuál sería el costo?",
          closed(120.0, 24.0), 0.2)
            .to(SUPERVISOR)
            .answer("Les enviamos la propuesta con 10 horas mensuales de administración; queda activa desde el 1.º del mes próximo."),
        t(0, Some(0), Tec, Low, "Revisión técnica: advertencias en el informe de estado del sistema",
          "El informe de estado del sistema muestra varias advertencias (cron, versión de PHP). ¿Pueden revisarlas?",
          Open, 1.2)
            .to(1),
        // Campus administration, the seed's own example of work outside the subscription: the
        // agent takes the suggested scope and offers a quote or the hours bank.
        t(0, Some(0), Fun, Medium, "Crear 40 cursos y matricular a los alumnos",
          "Hola, necesitamos crear 40 cursos para el nuevo ciclo lectivo y matricular a los alumnos de cada comisión. Les adjuntamos la planilla con los nombres de los cursos y los listados de alumnos. ¿Pueden hacerlo ustedes?",
          waiting(20.0), 0.3)
            .to(0).accept_suggestion()
            .answer("Crear cursos y matricular alumnos es una tarea de administración del campus, que el abono no incluye. Les enviamos una cotización por el trabajo; si lo prefieren, podemos descontarlo de su banco de horas de administración (en el portal, en Horas, ven las que les quedan este mes). Apruébenla o avísennos qué prefieren.")
            .quote(DemoQuote {
                description: "Creación de 40 cursos a partir de la planilla (nombre, categoría y formato) y matriculación de los alumnos de cada comisión con su rol.",
                hours: 12.0,
                amount_minor: 36_000_000,
                currency: "ARS",
            }),
    ]
}
